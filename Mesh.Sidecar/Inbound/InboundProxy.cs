using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound.RateLimiting;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// The inbound stack, in the order a request meets it: accept (the listener's connection was let in by
/// <see cref="InboundSecurity"/>, which did the TLS sniffing and the mutual-TLS handshake per PeerAuthentication) →
/// identity (the verified caller, passed to the app in <c>x-forwarded-client-cert</c>) → authorization (403,
/// <see cref="InboundAuthorization"/>) → rate limit (429 <c>RL</c>, <see cref="LocalRateLimits"/>) → forward to the app
/// (<see cref="AppForwarder"/>) → record (<see cref="RequestRecorder"/>). The request reads the inbound policy once.
/// </summary>
internal sealed class InboundProxy(
    SidecarIdentity identity,
    Watch<InboundPolicy> policies,
    InboundAuthorization authorization,
    AppForwarder app,
    RequestRecorder recorder,
    RequestSpan span,
    TrafficStats stats)
{
    private const string Direction = "inbound";

    private readonly RequestLabels _labels = new(IstioLabels.DestinationReporter, PeerTags.UnknownSource,
        PeerTags.Destination(PeerWorkload.Of(identity), DestinationServiceName.Of(identity.Service, identity.Namespace)), identity.Service)
    {
        LocalPrincipal = PeerWorkload.PrincipalOf(identity),
    };

    private readonly RequestDestination _destination = new(identity.Workload, identity.Version,
        Host: Uri.TryCreate(identity.App, UriKind.Absolute, out var app) ? app.Authority : null);

    // Istio's inbound cluster name: inbound|<port>||.
    private readonly UpstreamRoute _upstream = new($"inbound|{identity.AppPort}||", Route: null);
    private readonly DestinationStats _stats = stats.Inbound;

    // Callers in plain text share one edge; a mutual-TLS caller's edge is resolved once per connection.
    private readonly EdgeStats? _plainTextEdge = stats.Edges.Resolve(EdgeTelemetry.DestinationReporter, EdgeTelemetry.Unknown, identity.Service, identity.Workload);

    public async Task HandleAsync(HttpContext context)
    {
        var request = recorder.Begin(context);
        RequestSpan.Name(context, span.InboundOperation);
        var policy = policies.Current;

        // Identity: null for plain text (a caller outside the mesh, or a sidecar without identity).
        var caller = context.Features.Get<PeerIdentityFeature>();
        if (!InboundSecurity.Admits(caller, policy))
        {
            context.Abort();
            return;
        }

        ForwardedClientCert.Set(context.Request.Headers, caller);

        if (!await authorization.AuthorizeAsync(context, policy.Authorization, caller))
        {
            Finish(context, request, caller, ResponseFlag.None, denied: true);
            return;
        }

        if (!policy.RateLimits.IsEmpty
            && policy.RateLimits.TryAcquire(context.Request.Path.Value ?? "/", caller?.Principal ?? LocalRateLimits.AnonymousSource, out var retryAfter) is { } bucket)
        {
            await LocalRateLimits.WriteRejectionAsync(context, bucket, retryAfter);
            Finish(context, request, caller, ResponseFlag.RateLimited);
            return;
        }

        request.Upgrade?.Route(LabelsFor(caller), _destination);
        Finish(context, request, caller, await app.ForwardAsync(context));
    }

    private void Finish(HttpContext context, in ProxyRequest request, PeerIdentityFeature? caller, ResponseFlag flag, bool denied = false)
    {
        recorder.Finish(context, request, Direction, LabelsFor(caller), _stats, _destination, flag, _upstream,
            new(EdgeOf(caller), MutualTls: caller is not null, Denied: denied));
    }

    private EdgeStats? EdgeOf(PeerIdentityFeature? caller) => caller is null
        ? _plainTextEdge
        : caller.Edge ??= stats.Edges.Resolve(EdgeTelemetry.DestinationReporter, caller.Workload, identity.Service, identity.Workload);

    // Istio's inbound labels name the caller as its certificate does (tags built once per connection); a struct copy, no allocation.
    private RequestLabels LabelsFor(PeerIdentityFeature? caller) =>
        caller is null ? _labels : _labels with { Source = caller.SourceTags, SourcePrincipal = caller.Uri, MutualTls = true };
}
