using System.Diagnostics.Metrics;
using System.Diagnostics;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The sidecar's golden-signal instruments (meter <c>Mesh.Sidecar</c>), labelled with Istio's standard
/// label names so dashboards and queries written for <c>istio_requests_total</c> carry over.
/// </summary>
internal sealed class SidecarMetrics
{
    /// <summary>The meter's name; the service defaults export it.</summary>
    public const string MeterName = "Mesh.Sidecar";

    /// <summary>Istio's value for a side of the request that the sidecar cannot name.</summary>
    public const string Unknown = "unknown";

    // Boxed once: response_code is an int tag, and boxing it per request would allocate.
    private static readonly object[] s_statusCodes = CreateStatusCodes();

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _denials;

    public SidecarMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("mesh.requests", "{request}", "Requests handled by the sidecar (Istio's istio_requests_total).");
        _duration = meter.CreateHistogram<double>("mesh.request.duration", "ms", "Request duration as the sidecar saw it (Istio's istio_request_duration_milliseconds).");
        _denials = meter.CreateCounter<long>("mesh.authz.denials", "{request}",
            "Requests an AuthorizationPolicy denied (mode enforced) or would deny (mode dry-run), by caller, workload and policy.");
    }

    /// <summary>Counts one authorization denial, enforced or dry-run.</summary>
    public void RecordDenial(string sourcePrincipal, string destinationWorkload, string policy, bool dryRun)
    {
        if (_denials.Enabled)
        {
            _denials.Add(1, new TagList
            {
                { "source_principal", sourcePrincipal },
                { "destination_workload", destinationWorkload },
                { "policy", policy },
                { "mode", dryRun ? "dry-run" : "enforced" },
            });
        }
    }

    /// <summary>
    /// Records one finished request on the instruments; allocates nothing when no one listens.
    /// <paramref name="grpcStatus"/> is a gRPC call's status (Istio's <c>grpc_response_status</c>), a label only such
    /// calls carry: the eight others fill a <see cref="TagList"/>'s inline slots, so other requests allocate none for it.
    /// </summary>
    public void Record(in RequestLabels labels, string destinationWorkload, string destinationVersion, int statusCode, ResponseFlag flag, double durationMs,
        string? grpcStatus = null)
    {
        if (!_requests.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "reporter", labels.Reporter },
            { "source_workload", labels.SourceWorkload },
            { "source_principal", labels.SourcePrincipal },
            { "destination_service", labels.DestinationService },
            { "destination_workload", destinationWorkload },
            { "destination_version", destinationVersion },
            { "response_code", statusCode is >= 0 and < 600 ? s_statusCodes[statusCode] : statusCode },
            { "response_flags", ResponseFlags.ToEnvoy(flag) },
        };
        if (grpcStatus is not null)
        {
            tags.Add("grpc_response_status", grpcStatus);
        }

        _requests.Add(1, tags);
        _duration.Record(durationMs, tags);
    }

    private static object[] CreateStatusCodes()
    {
        var codes = new object[600];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i;
        }

        return codes;
    }
}

/// <summary>The labels fixed for a listener: Istio's <c>reporter</c>, <c>source_workload</c> and <c>destination_service</c>.</summary>
/// <param name="Reporter"><c>source</c> on outbound listeners, <c>destination</c> on the inbound one (Istio's values).</param>
/// <param name="SourceWorkload">The calling workload; on inbound, from the caller's certificate (<c>unknown</c> for plain text).</param>
/// <param name="DestinationService">The service the request is for.</param>
/// <param name="SourcePrincipal">On inbound, the caller's SPIFFE identity verified by mutual TLS; <c>unknown</c> otherwise.</param>
internal readonly record struct RequestLabels(string Reporter, string SourceWorkload, string DestinationService, string SourcePrincipal = SidecarMetrics.Unknown);
