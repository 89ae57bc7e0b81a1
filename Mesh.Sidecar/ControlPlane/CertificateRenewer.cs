using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Gets the workload certificate from the control plane's CA and renews it at half-life, as Istio's agent does: a new
/// ECDSA P-256 key each time, only its signing request leaves the sidecar, authenticated by the bootstrap token the
/// AppHost gave this workload. The certificate in use stays in use until its successor arrives, so no request waits.
/// </summary>
internal sealed partial class CertificateRenewer(
    IOptions<SidecarOptions> options,
    SidecarIdentity self,
    WorkloadIdentity identity,
    MeshTrust trust,
    ControlPlaneHttp connections,
    TimeProvider time,
    ILogger<CertificateRenewer> logger) : BackgroundService
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!identity.Enabled)
        {
            Log.NoToken(logger);
            return;
        }

        var retry = CreateRetryPipeline(time, OnFailed);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset renewAt;
            try
            {
                renewAt = await retry.ExecuteAsync(RenewAsync, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var wait = renewAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                // A new root in the trust bundle renews at once: sidecars started after the change trust only the new
                // root, so a certificate from the old one must not wait for its half-life.
                await Task.WhenAny(Task.Delay(wait, time, stoppingToken), NewSigningRootAsync(stoppingToken));
            }
        }
    }

    /// <summary>
    /// Polly's retry for one renewal: 1 s, doubling to 15 s, for ever. Whatever failed (the control plane away, a refusal,
    /// a malformed answer), the certificate in use stays and the sidecar keeps serving: renewal never takes the process down.
    /// </summary>
    internal static ResiliencePipeline CreateRetryPipeline(TimeProvider time, Action<Exception, TimeSpan> onFailed) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                BackoffType = DelayBackoffType.Exponential,
                Delay = s_firstRetry,
                MaxDelay = s_maxRetry,
                UseJitter = false,
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    onFailed(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Completes when a trust bundle names a signing root other than the one of the certificate in use.</summary>
    private async Task NewSigningRootAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await trust.BundleChanged.WaitAsync(stoppingToken);
            if (trust.Bundle.Count > 0 && identity.Current is { } current
                && !trust.Bundle[0].RawData.AsSpan().SequenceEqual(current.Root.RawData))
            {
                Log.NewRoot(logger, MeshTrust.Fingerprint(trust.Bundle[0]));
                return;
            }
        }
    }

    /// <summary>Gets and installs a new certificate; returns when to renew it.</summary>
    private async ValueTask<DateTimeOffset> RenewAsync(CancellationToken token)
    {
        var certificate = await RequestAsync(token);
        if (trust.Refuses(certificate.Root) is { } refusal)
        {
            throw new InvalidDataException(refusal);
        }

        identity.Install(certificate);
        trust.Anchor(certificate.Root);
        Log.Installed(logger, certificate.Identity.Uri, certificate.Fingerprint, certificate.NotAfter, certificate.RenewAt);
        return certificate.RenewAt;
    }

    private void OnFailed(Exception exception, TimeSpan retry) =>
        Log.Failed(logger, options.Value.ControlPlane, exception.Message, retry, identity.Current?.NotAfter);

    private async Task<WorkloadCertificate> RequestAsync(CancellationToken token)
    {
        var settings = options.Value;
        // Not disposed: the certificate keeps using the key for as long as it is in use.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={settings.Workload}", key, HashAlgorithmName.SHA256);
        var body = new CertificateSigningRequest { Workload = self.Workload, Csr = request.CreateSigningRequestPem() };

        using var message = connections.Authorized(new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(self.ControlPlane + "/"), ControlPlaneRoutes.Certificates))
        {
            Content = JsonContent.Create(body, MeshJsonContext.Default.CertificateSigningRequest),
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await connections.Client.SendAsync(message, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var reason = await response.Content.ReadAsStringAsync(timeout.Token);
            throw new CertificateRefusedException($"the control plane answered {(int)response.StatusCode} {response.StatusCode}: {reason.Trim()}");
        }

        var answer = await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.CertificateSigningResponse, timeout.Token)
            ?? throw new InvalidDataException("the control plane's certificate answer is empty");
        return WorkloadCertificate.Create(key, answer.CertificateChain, answer.Root, identity.Identity, time.GetUtcNow());
    }

    private sealed class CertificateRefusedException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(441, LogLevel.Warning, "No bootstrap token (Mesh:Token): this sidecar has no workload identity and speaks plain text only")]
        public static partial void NoToken(ILogger logger);

        [LoggerMessage(442, LogLevel.Information, "Workload certificate for {Identity} installed (SHA-256 {Fingerprint}), valid until {NotAfter:O}, renewal at {RenewAt:O}")]
        public static partial void Installed(ILogger logger, string identity, string fingerprint, DateTimeOffset notAfter, DateTimeOffset renewAt);

        [LoggerMessage(444, LogLevel.Information, "The trust bundle's signing root is now {Fingerprint}: renewing the workload certificate at once")]
        public static partial void NewRoot(ILogger logger, string fingerprint);

        [LoggerMessage(443, LogLevel.Warning, "Could not get a workload certificate from {ControlPlane}: {Reason}; retrying in {Retry} (certificate in use valid until {NotAfter:O})")]
        public static partial void Failed(ILogger logger, string? controlPlane, string reason, TimeSpan retry, DateTimeOffset? notAfter);
    }
}
