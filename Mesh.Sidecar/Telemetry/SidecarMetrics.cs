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

    // A request's labels are laid out here (IstioLabels' order) and handed to the instruments as a span: 25 tags would
    // overflow a TagList's inline slots into an array per request. The instruments copy what they keep before returning.
    [ThreadStatic]
    private static KeyValuePair<string, object?>[]? t_tags;

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _requestSize;
    private readonly Histogram<long> _responseSize;
    private readonly Counter<long> _denials;
    private readonly Counter<long> _tcpOpened;
    private readonly Counter<long> _tcpClosed;
    private readonly Counter<long> _tcpSent;
    private readonly Counter<long> _tcpReceived;

    public SidecarMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("mesh.requests", "{request}", "Requests handled by the sidecar (Istio's istio_requests_total).");
        _duration = meter.CreateHistogram<double>("mesh.request.duration", "ms", "Request duration as the sidecar saw it (Istio's istio_request_duration_milliseconds).");
        _requestSize = meter.CreateHistogram<long>("mesh.request.size", "By", "Request body bytes the sidecar passed on (Istio's istio_request_bytes).");
        _responseSize = meter.CreateHistogram<long>("mesh.response.size", "By", "Response body bytes the sidecar passed back (Istio's istio_response_bytes).");
        _denials = meter.CreateCounter<long>("mesh.authz.denials", "{request}",
            "Requests an AuthorizationPolicy denied (mode enforced) or would deny (mode dry-run), by caller, workload and policy.");
        // Istio's TCP metrics, for the one kind of long-lived connection the sidecar carries: an upgraded (WebSocket) request.
        _tcpOpened = meter.CreateCounter<long>("mesh.tcp.connections.opened", "{connection}", "Upgraded connections opened (Istio's istio_tcp_connections_opened_total).");
        _tcpClosed = meter.CreateCounter<long>("mesh.tcp.connections.closed", "{connection}", "Upgraded connections closed (Istio's istio_tcp_connections_closed_total).");
        _tcpSent = meter.CreateCounter<long>("mesh.tcp.sent", "By", "Bytes an upgraded connection sent to its caller (Istio's istio_tcp_sent_bytes_total).");
        _tcpReceived = meter.CreateCounter<long>("mesh.tcp.received", "By", "Bytes an upgraded connection received from its caller (Istio's istio_tcp_received_bytes_total).");
    }

    /// <summary>Whether anyone listens to the size histograms: only then are a request's bytes counted.</summary>
    public bool SizesEnabled => _requestSize.Enabled || _responseSize.Enabled;

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
    /// Records one finished request on the instruments; allocates nothing when no one listens, and nothing of its own when
    /// someone does (the tags are copied from the listener's and destination's precomputed ones).
    /// </summary>
    public void Record(in RequestLabels labels, in RequestDestination destination, in RequestMeasurements request)
    {
        if (!_requests.Enabled && !_duration.Enabled && !SizesEnabled)
        {
            return;
        }

        var tags = Layout(labels, destination, request.Grpc ? "grpc" : "http", request.StatusCode, request.Flag, request.GrpcStatus);
        _requests.Add(1, tags);
        _duration.Record(request.DurationMs, tags);
        if (request.RequestBytes >= 0)
        {
            _requestSize.Record(request.RequestBytes, tags);
            _responseSize.Record(request.ResponseBytes, tags);
        }
    }

    /// <summary>Counts an upgraded connection the upstream accepted.</summary>
    public void RecordTcpOpened(in RequestLabels labels, in RequestDestination destination)
    {
        if (_tcpOpened.Enabled)
        {
            _tcpOpened.Add(1, Layout(labels, destination, "tcp", statusCode: null, ResponseFlag.None, grpcStatus: null));
        }
    }

    /// <summary>Counts the close of an upgraded connection and the bytes it carried each way.</summary>
    public void RecordTcpClosed(in RequestLabels labels, in RequestDestination destination, ResponseFlag flag, long sent, long received)
    {
        if (!_tcpClosed.Enabled && !_tcpSent.Enabled && !_tcpReceived.Enabled)
        {
            return;
        }

        var tags = Layout(labels, destination, "tcp", statusCode: null, flag, grpcStatus: null);
        _tcpClosed.Add(1, tags);
        _tcpSent.Add(sent, tags);
        _tcpReceived.Add(received, tags);
    }

    // Istio's TCP metrics carry no response_code (statusCode null), and only gRPC calls a grpc_response_status.
    private static ReadOnlySpan<KeyValuePair<string, object?>> Layout(in RequestLabels labels, in RequestDestination destination, string protocol,
        int? statusCode, ResponseFlag flag, string? grpcStatus)
    {
        var tags = t_tags ??= new KeyValuePair<string, object?>[IstioLabels.Count];
        labels.Source.Tags.CopyTo(tags);
        (destination.Tags ?? labels.Destination).Tags.CopyTo(tags.AsSpan(IstioLabels.SourceCount));
        var mutualTls = labels.MutualTls;
        var i = IstioLabels.Dynamic;
        tags[i++] = new(IstioLabels.Reporter, labels.Reporter);
        // Mutual TLS proves this workload's identity to the peer and the peer's to it: which side is which depends on the reporter.
        var source = labels.Reporter == IstioLabels.SourceReporter;
        tags[i++] = new(IstioLabels.SourcePrincipal, mutualTls ? (source ? labels.LocalPrincipal : labels.SourcePrincipal) : Unknown);
        tags[i++] = new(IstioLabels.DestinationPrincipal, mutualTls ? (source ? destination.Principal ?? Unknown : labels.LocalPrincipal) : Unknown);
        tags[i++] = new(IstioLabels.RequestProtocol, protocol);
        if (statusCode is { } code)
        {
            tags[i++] = new(IstioLabels.ResponseCode, code is >= 0 and < 600 ? s_statusCodes[code] : code);
        }

        tags[i++] = new(IstioLabels.ResponseFlags, ResponseFlags.ToEnvoy(flag));
        // Istio: the destination reports how the connection was secured; the source cannot know what the server enforced.
        tags[i++] = new(IstioLabels.ConnectionSecurityPolicy,
            labels.Reporter == IstioLabels.DestinationReporter ? (mutualTls ? IstioLabels.MutualTls : IstioLabels.None) : Unknown);
        if (grpcStatus is not null)
        {
            tags[i++] = new(IstioLabels.GrpcResponseStatus, grpcStatus);
        }

        return tags.AsSpan(0, i);
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

/// <summary>
/// The labels fixed for a listener: Istio's <c>reporter</c>, the source's tags (on inbound, replaced by the caller's per
/// connection), the destination's tags used when no endpoint was reached, and the principals mutual TLS proves.
/// </summary>
/// <param name="Reporter"><c>source</c> on outbound listeners and the gateway, <c>destination</c> on the inbound one (Istio's values).</param>
/// <param name="Source">The calling workload's tags; on inbound, from the caller's certificate (<see cref="PeerTags.UnknownSource"/> for plain text).</param>
/// <param name="Destination">The destination's tags when the request reached no endpoint (outbound: the listener's service).</param>
/// <param name="DestinationService">The short name of the service the request is for, for the request's span.</param>
internal readonly record struct RequestLabels(string Reporter, PeerTags Source, PeerTags Destination, string DestinationService)
{
    /// <summary>On inbound, the caller's SPIFFE identity its certificate proved; <c>unknown</c> otherwise.</summary>
    public string SourcePrincipal { get; init; } = SidecarMetrics.Unknown;

    /// <summary>This workload's SPIFFE identity, reported as the source (outbound) or destination (inbound) principal over mutual TLS.</summary>
    public string LocalPrincipal { get; init; } = SidecarMetrics.Unknown;

    /// <summary>Whether the request crossed mutual TLS (inbound: the caller's connection; outbound: the one to the endpoint).</summary>
    public bool MutualTls { get; init; }
}

/// <summary>What one request measured.</summary>
/// <param name="StatusCode">The response's HTTP status.</param>
/// <param name="Flag">Envoy's response flag.</param>
/// <param name="DurationMs">From the listener's accept to the end.</param>
/// <param name="Grpc">Whether the request was a gRPC call (Istio's <c>request_protocol</c> <c>grpc</c>).</param>
/// <param name="GrpcStatus">A gRPC call's status (<c>grpc_response_status</c>); null for other requests.</param>
/// <param name="RequestBytes">Request body bytes passed on; -1 when not counted (no one listens to sizes).</param>
/// <param name="ResponseBytes">Response body bytes passed back.</param>
internal readonly record struct RequestMeasurements(int StatusCode, ResponseFlag Flag, double DurationMs, bool Grpc, string? GrpcStatus,
    long RequestBytes = -1, long ResponseBytes = -1);
