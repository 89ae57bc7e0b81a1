using System.Net.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Primitives;

/// <summary>Maps YARP's forwarding errors to Envoy's response flags.</summary>
internal static class ForwarderErrorFlags
{
    /// <summary>The flag for a forwarding result; <paramref name="exception"/> tells a refused connection from a reset one.</summary>
    public static ResponseFlag Map(ForwarderError error, Exception? exception) => error switch
    {
        ForwarderError.None => ResponseFlag.None,
        ForwarderError.Request => IsConnectFailure(exception)
            ? ResponseFlag.UpstreamConnectionFailure
            : ResponseFlag.UpstreamConnectionTermination,
        ForwarderError.RequestTimedOut => IsConnectTimeout(exception)
            ? ResponseFlag.UpstreamConnectionFailure
            : ResponseFlag.UpstreamRequestTimeout,
        ForwarderError.RequestCreation => ResponseFlag.DownstreamProtocolError,
        ForwarderError.ResponseHeaders => ResponseFlag.UpstreamProtocolError,
        ForwarderError.NoAvailableDestinations => ResponseFlag.NoHealthyUpstream,
        ForwarderError.UpgradeActivityTimeout => ResponseFlag.StreamIdleTimeout,
        ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeRequestDestination
            or ForwarderError.UpgradeResponseDestination => ResponseFlag.UpstreamConnectionTermination,
        ForwarderError.RequestCanceled
            or ForwarderError.RequestBodyCanceled
            or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyCanceled
            or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestCanceled
            or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeResponseCanceled
            or ForwarderError.UpgradeResponseClient => ResponseFlag.DownstreamConnectionTermination,
        _ => ResponseFlag.UpstreamConnectionTermination,
    };

    // SocketsHttpHandler reports its ConnectTimeout as a cancellation caused by a TimeoutException; Envoy flags a connect
    // timeout UF (a connect failure, which connect-failure retries), not UT.
    private static bool IsConnectTimeout(Exception? exception) =>
        exception is OperationCanceledException { InnerException: TimeoutException };

    // A failed TLS handshake (the peer's certificate refused, or ours) is a connect failure too: Envoy flags it UF.
    private static bool IsConnectFailure(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };
}
