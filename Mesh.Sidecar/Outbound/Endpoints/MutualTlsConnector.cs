using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mesh.Sidecar.Identity;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// Opens connections to peer sidecars with mutual TLS: the sidecar presents its workload certificate and accepts the
/// server only if its certificate chains to a mesh root it trusts and names one of the identities of the service behind that
/// address. ALPN names the protocol of the request that opens the connection (<c>h2</c> or <c>http/1.1</c>): the pool
/// keeps HTTP/1.1 and HTTP/2 connections apart, so each connection carries one protocol.
/// </summary>
/// <remarks>
/// The HTTP handler sees a plain <c>http://</c> URL and speaks the request's protocol (HTTP/2 with prior knowledge)
/// over the stream returned here; doing the TLS here, rather than with <c>https://</c> URLs, lets the check use the address being connected to.
/// </remarks>
internal sealed partial class MutualTlsConnector(WorkloadIdentity identity, MeshTrust trust, TimeProvider time, ILogger<MutualTlsConnector> logger)
{
    private static readonly List<SslApplicationProtocol> s_http2 = [SslApplicationProtocol.Http2];
    private static readonly List<SslApplicationProtocol> s_http11 = [SslApplicationProtocol.Http11];

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        var certificate = identity.Current
            ?? throw new AuthenticationException($"cannot open mutual TLS to {endpoint.Host}:{endpoint.Port}: this sidecar has no workload certificate yet");
        // The request that opens the connection names who may answer there (the endpoint's service identities); a
        // request without them (none is sent so) trusts no server.
        IReadOnlySet<string> expected = context.InitialRequestMessage.Options.TryGetValue(PeerIdentities.RequestOption, out var identities)
            ? identities
            : System.Collections.Frozen.FrozenSet<string>.Empty;

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var stream = (Stream?)null;
        try
        {
            await socket.ConnectAsync(endpoint, token);
            stream = new NetworkStream(socket, ownsSocket: true);
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                // Istio's SNI form for an outbound cluster; the server does not route by it.
                TargetHost = "outbound_.mesh",
                ClientCertificateContext = certificate.Context,
                ApplicationProtocols = context.InitialRequestMessage.Version.Major >= 2 ? s_http2 : s_http11,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = PeerCertificateValidator.ChainPolicy(trust.Roots),
                RemoteCertificateValidationCallback = (_, presented, _, _) => AcceptServer(presented, trust.Roots, expected, endpoint.Host, endpoint.Port),
            }, token);
            return tls;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    private bool AcceptServer(X509Certificate? presented, X509Certificate2Collection roots, IReadOnlySet<string> expected, string host, int port)
    {
        if (presented is not X509Certificate2 server)
        {
            Log.RefusedServer(logger, host, port, "it presented no certificate");
            return false;
        }

        var result = PeerCertificateValidator.Validate(server, roots, time.GetUtcNow().UtcDateTime);
        if (result.Identity is not { } peer)
        {
            Log.RefusedServer(logger, host, port, result.Error!);
            return false;
        }

        if (!expected.Contains(peer.Uri))
        {
            Log.RefusedServer(logger, host, port,
                $"it is '{peer.Uri}', not one of the destination's identities ({(expected.Count == 0 ? "none: the address is no known endpoint" : string.Join(", ", expected.Order(StringComparer.Ordinal)))})");
            return false;
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Warning, "Refused the server at {Host}:{Port}: {Reason}")]
        public static partial void RefusedServer(ILogger logger, string host, int port, string reason);
    }
}
