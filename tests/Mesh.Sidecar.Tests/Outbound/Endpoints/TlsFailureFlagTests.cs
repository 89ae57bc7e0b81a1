using System.Net.Http;
using System.Security.Authentication;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Tests.Outbound.Endpoints;

/// <summary>
/// A mutual TLS handshake that fails (the server's identity refused, no certificate to present) is a failure to
/// connect: Envoy flags it <c>UF</c> ("upstream connect error ... reset reason: connection failure, transport failure
/// reason: TLS error"), and so must the sidecar.
/// </summary>
public sealed class TlsFailureFlagTests
{
    [Fact]
    public void Map_RequestErrorFromFailedTlsHandshake_IsUpstreamConnectionFailure()
    {
        // What SocketsHttpHandler throws when its connect callback (MutualTlsConnector) throws AuthenticationException.
        var handshake = new HttpRequestException(HttpRequestError.SecureConnectionError,
            "The remote certificate was rejected by the provided RemoteCertificateValidationCallback. (127.0.0.1:1)",
            new AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback."));

        Assert.Equal(ResponseFlag.UpstreamConnectionFailure, ForwarderErrorFlags.Map(ForwarderError.Request, handshake));
    }
}
