using System.Diagnostics;
using Mesh.Model.Compilation;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound.RateLimiting;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// The inbound listener: peers' sidecars call it over mutual TLS (<see cref="InboundSecurity"/> did the handshake); it
/// passes the verified caller to the app in <c>x-forwarded-client-cert</c> (and drops any such header it did not
/// write), applies the workload's AuthorizationPolicies (403, <see cref="InboundAuthorization"/>) and local rate limits
/// (429 <c>RL</c>), and forwards to the local app over loopback.
/// </summary>
/// <remarks>
/// An app that refuses the connection is answered <c>503</c> with flag <c>UF</c>, Envoy's answer for
/// "upstream connect error or disconnect/reset before headers. reset reason: connection failure": the
/// workload is registered but its app is not there, which is a 503 (try another endpoint), not a 502
/// (a bad answer). Other failures keep YARP's status (504 <c>UT</c> on timeout, 502 otherwise).
/// </remarks>
internal sealed class InboundProxy
{
    private readonly string _app;
    private readonly UpstreamForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly SidecarMetrics _metrics;
    private readonly DestinationStats _stats;
    private readonly RequestLabels _labels;
    private readonly string _workload;
    private readonly string _version;

    private readonly SnapshotStore _snapshots;
    private readonly InboundRateLimiter _rateLimiter;
    private readonly ResponseFlagLog _flagLog;
    private readonly InboundSecurity _security;
    private readonly InboundAuthorization _authorization;

    public InboundProxy(IOptions<SidecarOptions> options, UpstreamForwarder forwarder, SidecarConnections connections, SidecarMetrics metrics, TrafficStats stats,
        SnapshotStore snapshots, InboundRateLimiter rateLimiter, ResponseFlagLog flagLog, InboundSecurity security, InboundAuthorization authorization)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(stats);
        var settings = options.Value;
        _app = settings.App?.TrimEnd('/') ?? string.Empty; // none on the ingress gateway, which never uses this listener
        _forwarder = forwarder;
        _invoker = connections.App;
        _metrics = metrics;
        _stats = stats.Inbound;
        _workload = settings.Workload!;
        _version = settings.Version;
        _labels = new RequestLabels("destination", SidecarMetrics.Unknown, settings.Service!);
        _snapshots = snapshots;
        _rateLimiter = rateLimiter;
        _flagLog = flagLog;
        _security = security;
        _authorization = authorization;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestId.Ensure(context.Request);

        // Null for plain text: a caller outside the mesh, or a sidecar without identity.
        var caller = context.Features.Get<PeerIdentityFeature>();
        if (caller is null && _security.Mode == MtlsMode.Strict)
        {
            // A plain-text connection opened before PeerAuthentication became STRICT: refuse it as a new one would be.
            context.Abort();
            return;
        }

        var headers = context.Request.Headers;
        headers.Remove(ForwardedClientCert.HeaderName);
        if (caller is not null)
        {
            headers[ForwardedClientCert.HeaderName] = caller.ForwardedClientCert;
        }

        var snapshot = _snapshots.Current;
        if (snapshot is not null && !await _authorization.AuthorizeAsync(context, snapshot.Authorization, caller))
        {
            Record(context, caller, ResponseFlag.None, started);
            return;
        }

        var limits = snapshot?.Source.Config?.Inbound.RateLimits;
        var source = caller?.Principal ?? InboundRateLimiter.AnonymousSource;
        if (limits is { Count: > 0 } && _rateLimiter.TryAcquire(limits, context.Request, source, out var retryAfter) is { } bucket)
        {
            await InboundRateLimiter.WriteRejectionAsync(context, bucket, retryAfter);
            _flagLog.Write(context, "inbound", _workload, ResponseFlag.RateLimited);
            Record(context, caller, ResponseFlag.RateLimited, started);
            return;
        }

        var flag = await _forwarder.SendAsync(context, _app, _invoker);
        if (flag != ResponseFlag.None)
        {
            await LocalReply.WriteForwardingFailureAsync(context, flag,
                flag == ResponseFlag.UpstreamConnectionFailure ? StatusCodes.Status503ServiceUnavailable : null);
        }

        Record(context, caller, flag, started);
    }

    private void Record(HttpContext context, PeerIdentityFeature? caller, ResponseFlag flag, long started)
    {
        // Istio's inbound labels name the caller as its certificate does; a struct copy, no allocation.
        var labels = caller is null ? _labels : _labels with { SourceWorkload = caller.Workload, SourcePrincipal = caller.Uri };
        var status = context.Response.StatusCode;
        _stats.Record(status, flag);
        _metrics.Record(labels, _workload, _version, status, flag, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
