using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Inbound.Security;

/// <summary>
/// The inbound listener's transport security, per the workload's PeerAuthentication: STRICT takes mutual TLS only,
/// PERMISSIVE (Istio's default) mutual TLS and plain text on the same port, DISABLE plain text only. Mutual TLS means
/// a client certificate chaining to a mesh root the sidecar trusts, with a SPIFFE identity; HTTP/2 or HTTP/1.1 by ALPN.
/// Plain text is HTTP/1.1, or HTTP/2 with prior knowledge from peer sidecars (<see cref="CleartextHttp2"/>).
/// </summary>
/// <remarks>
/// The mode is read per connection from the inbound policy in force, so a PeerAuthentication change applies to the next
/// connection. A change to STRICT also refuses the next request on a plain-text connection opened before
/// (<see cref="Admits"/>, asked by <see cref="InboundProxy"/>); a change to DISABLE lets mutual-TLS connections already open finish their
/// work, as a relaxation that weakens nothing.
/// </remarks>
internal sealed partial class InboundSecurity(
    WorkloadIdentity identity,
    MeshTrust trust,
    CleartextHttp2 http2,
    Watch<InboundPolicy> policies,
    TimeProvider time,
    ILogger<InboundSecurity> logger)
{
    private static readonly TimeSpan s_handshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a new connection may stay silent before its first byte tells TLS from plain text: Envoy's listener
    /// filter timeout (15 s), after which Envoy closes the connection too. Without it an idle connection holds a
    /// descriptor for ever.
    /// </summary>
    internal static readonly TimeSpan SniffTimeout = TimeSpan.FromSeconds(15);
    private static readonly List<SslApplicationProtocol> s_protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>
    /// Whether a request on a connection let in earlier may go on under <paramref name="policy"/>: a plain-text
    /// connection opened before PeerAuthentication became STRICT is refused as a new one would be.
    /// </summary>
    public static bool Admits(PeerIdentityFeature? caller, InboundPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return caller is not null || policy.Mode != MtlsMode.Strict;
    }

    /// <summary>Adds the sniffing, the TLS handshake and the mode checks to the inbound listener.</summary>
    public void Configure(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        // Kestrel builds a listener's connection pipeline from the last middleware to the first, then puts its HTTP
        // handling after all of them. The last one here records that HTTP handler, so the first (the sniffer) can send
        // plain-text connections straight to it, past the TLS handshake in between.
        ConnectionDelegate? plainText = null;
        listen.Use(tls => connection => DispatchAsync(connection, tls, plainText!));
        listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = ServerOptionsAsync, HandshakeTimeout = s_handshakeTimeout });
        listen.Use(http =>
        {
            plainText = http;
            return http;
        });
    }

    private async Task DispatchAsync(ConnectionContext connection, ConnectionDelegate tls, ConnectionDelegate plainText)
    {
        var sniffed = await ConnectionSniffer.SniffAsync(connection, SniffTimeout, time);
        if (sniffed == SniffedProtocol.Silent)
        {
            Log.SilentConnection(logger, connection.RemoteEndPoint?.ToString(), SniffTimeout.TotalSeconds);
            return;
        }

        if (sniffed == SniffedProtocol.Closed)
        {
            return;
        }

        var secure = sniffed == SniffedProtocol.Tls;
        var policy = policies.Current;
        if (secure && (policy.Mode == MtlsMode.Disable || identity.Current is null))
        {
            Log.RefusedTls(logger, connection.RemoteEndPoint?.ToString(), identity.Current is null ? "this sidecar has no workload certificate" : $"PeerAuthentication is DISABLE ({policy.ModeSource})");
            return;
        }

        if (!secure && policy.Mode == MtlsMode.Strict)
        {
            Log.RefusedPlainText(logger, connection.RemoteEndPoint?.ToString(), policy.ModeSource);
            return;
        }

        var next = sniffed switch
        {
            SniffedProtocol.Tls => tls,
            // Bound before this listener, so its handler is there; were it not, HTTP/1.1's parser refuses the preface.
            SniffedProtocol.Http2 => http2.Handler ?? plainText,
            _ => plainText,
        };
        await next(connection);
    }

    private ValueTask<SslServerAuthenticationOptions> ServerOptionsAsync(TlsHandshakeCallbackContext context)
    {
        var certificate = identity.Current
            ?? throw new AuthenticationFailedException("this sidecar has no workload certificate yet");
        var connection = context.Connection;
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Context,
            ClientCertificateRequired = true,
            ApplicationProtocols = s_protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = PeerCertificateValidator.ChainPolicy(trust.Roots),
            RemoteCertificateValidationCallback = (_, presented, _, _) => Accept(connection, presented, trust.Roots),
        });
    }

    private bool Accept(ConnectionContext connection, X509Certificate? presented, X509Certificate2Collection roots)
    {
        if (presented is not X509Certificate2 client)
        {
            Log.RefusedClient(logger, connection.RemoteEndPoint?.ToString(), "no client certificate");
            return false;
        }

        var result = PeerCertificateValidator.Validate(client, roots, time.GetUtcNow().UtcDateTime);
        if (result.Identity is not { } peer)
        {
            Log.RefusedClient(logger, connection.RemoteEndPoint?.ToString(), result.Error!);
            return false;
        }

        connection.Features.Set(new PeerIdentityFeature(peer, client.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(), identity.Identity,
            client.GetNameInfo(X509NameType.SimpleName, forIssuer: false)));
        return true;
    }

    private sealed class AuthenticationFailedException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Information, "Refused a plain-text connection from {Remote}: PeerAuthentication is STRICT ({Source})")]
        public static partial void RefusedPlainText(ILogger logger, string? remote, string source);

        [LoggerMessage(102, LogLevel.Information, "Refused a TLS connection from {Remote}: {Reason}")]
        public static partial void RefusedTls(ILogger logger, string? remote, string reason);

        [LoggerMessage(103, LogLevel.Warning, "Refused the client certificate of {Remote}: {Reason}")]
        public static partial void RefusedClient(ILogger logger, string? remote, string reason);

        [LoggerMessage(104, LogLevel.Debug, "Closed the connection from {Remote}: nothing sent within {Seconds}s of opening it")]
        public static partial void SilentConnection(ILogger logger, string? remote, double seconds);
    }
}
