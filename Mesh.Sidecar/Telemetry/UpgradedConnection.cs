using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// An HTTP/1.1 upgrade (WebSocket) seen as Istio's TCP metrics see a long-lived connection: opened when the upstream
/// accepts it (YARP then takes the caller's stream through <see cref="UpgradeAsync"/>), closed with the bytes each way when
/// the request ends. It stands in for the server's upgrade feature on that request only, so other requests pay nothing.
/// </summary>
internal sealed class UpgradedConnection(IHttpUpgradeFeature inner, SidecarMetrics metrics) : IHttpUpgradeFeature
{
    private CountingStream? _stream;
    private RequestLabels _labels;
    private RequestDestination _destination = RequestDestination.Unknown;
    private bool _routed;

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <summary>The upgrade feature a proxy set on <paramref name="context"/>, if the request asks for an upgrade.</summary>
    public static UpgradedConnection? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IHttpUpgradeFeature>() as UpgradedConnection;
    }

    /// <summary>The listener's labels and the destination as known before forwarding (inbound: this workload).</summary>
    public void Route(in RequestLabels labels, in RequestDestination destination)
    {
        _labels = labels;
        _destination = destination;
        _routed = true;
    }

    /// <summary>The endpoint that accepted the upgrade, and whether mutual TLS carries it (outbound and gateway).</summary>
    public void Reached(in RequestDestination destination, bool mutualTls)
    {
        _destination = destination;
        _labels = _labels with { MutualTls = mutualTls };
    }

    public async Task<Stream> UpgradeAsync()
    {
        var stream = new CountingStream(await inner.UpgradeAsync());
        _stream = stream;
        if (_routed)
        {
            metrics.RecordTcpOpened(_labels, _destination);
        }
        return stream;
    }

    /// <summary>Records the close of an opened connection: bytes received from the caller and sent back to it.</summary>
    public void Close(ResponseFlag flag)
    {
        if (_stream is { } stream && _routed)
        {
            metrics.RecordTcpClosed(_labels, _destination, flag, sent: stream.BytesWritten, received: stream.BytesRead);
        }
    }
}
