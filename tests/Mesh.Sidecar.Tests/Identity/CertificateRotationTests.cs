using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Sidecar.Tests.Identity;

/// <summary>
/// Certificate rotation under steady traffic between two sidecars: with one-minute certificates each renews about every
/// 30 s (half the remaining lifetime) and no request fails. About two minutes of real time: renewal runs on the wall
/// clock, and TLS checks validity against it.
/// </summary>
public sealed class CertificateRotationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(4);
    private const int Lanes = 2;

    [Fact]
    [Trait("Duration", "Minutes")]
    public async Task RotationUnderTraffic_NoRequestFails_AndConnectionsOpenedAfterFirstExpiryUseRenewedCertificates()
    {
        await using var mesh = await SecureMesh.StartAsync(s_lifetime);
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        var snapshot = mesh.Snapshot("");
        await mesh.PushAsync(snapshot);
        var firstCaller = productpage.Identity.Current!;
        var firstCallee = reviews.Identity.Current!;
        var firstExpiry = Max(firstCaller.NotAfter, firstCallee.NotAfter);
        var clock = Stopwatch.StartNew();

        using var stop = new CancellationTokenSource();
        var sent = new ConcurrentQueue<Sent>();
        var number = 0;
        var lanes = Enumerable.Range(0, Lanes).Select(_ => Task.Run(() => SendUntilAsync(productpage, () => Interlocked.Increment(ref number), sent, stop.Token))).ToArray();

        // The connection opened at the start still runs on the first certificates (TLS checks them at the handshake
        // only), so once they have expired the test makes the caller open a new one: the same endpoint under another
        // name is another connection pool.
        await Eventually.WaitUntilAsync(() => DateTimeOffset.UtcNow > firstExpiry.AddSeconds(1) || lanes.Any(l => l.IsCompleted),
            "the first certificates expire", s_deadline);
        var renamed = new Uri($"http://localhost:{reviews.Sidecar.Inbound.Port}").GetLeftPart(UriPartial.Authority);
        await mesh.PushAsync(SecureMesh.MapEndpoints(snapshot, e => e.Workload == SecureMesh.Callee ? e with { Address = renamed } : e));
        var switchedAt = DateTimeOffset.UtcNow;

        await Eventually.WaitUntilAsync(
            () => (Installed(productpage) >= 4 && Installed(reviews) >= 4 && sent.Count(s => s.At > switchedAt && s.Status == HttpStatusCode.OK) >= 40)
                || lanes.Any(l => l.IsCompleted),
            "each sidecar renews its certificate three times, and 40 requests go over the new connection", s_deadline);
        await stop.CancelAsync();
        await Task.WhenAll(lanes);
        clock.Stop();

        var all = sent.ToList();
        var failures = all.Where(s => s.Status != HttpStatusCode.OK).ToList();
        var afterExpiry = all.Where(s => s.At > firstExpiry).ToList();
        var firstHash = Hash(firstCaller);
        var callerHashes = Fingerprints(productpage);
        var sentAfterSwitch = all.Where(s => s.At > switchedAt).Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        var receivedAfterSwitch = reviews.App.Received
            .Where(r => sentAfterSwitch.Contains(r.PathAndQuery))
            .Select(r => HashIn(r.Headers["x-forwarded-client-cert"]))
            .ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Count} requests in {clock.Elapsed.TotalSeconds:F0} s ({Lanes} lanes), {failures.Count} failed; {afterExpiry.Count} after the first certificates expired, {receivedAfterSwitch.Count} on the new connection"));
        output.WriteLine($"renewals: productpage {Installed(productpage) - 1}, reviews {Installed(reviews) - 1}; certificates issued {mesh.ControlPlane.CertificatesIssued}");
        output.WriteLine($"caller certificates seen by reviews' app: {string.Join(", ", reviews.App.Received.Select(r => HashIn(r.Headers["x-forwarded-client-cert"])).Distinct().Select(h => callerHashes.IndexOf(h)))} (index in productpage's installs)");

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {all.Count} requests failed, e.g.\n{string.Join('\n', failures.Take(5))}\n{mesh.Logs()}");
        Assert.True(Installed(productpage) >= 4 && Installed(reviews) >= 4, $"too few renewals\n{mesh.Logs()}");
        Assert.True(mesh.ControlPlane.CertificatesIssued >= 8, $"{mesh.ControlPlane.CertificatesIssued} certificates issued");
        Assert.NotEmpty(afterExpiry);
        Assert.True(receivedAfterSwitch.Count >= 40, $"{receivedAfterSwitch.Count} requests over the new connection");
        // The caller presented a renewed certificate on the new connection; the handshake succeeding after the callee's
        // first certificate expired shows the callee presented a renewed one too.
        Assert.All(receivedAfterSwitch, hash => Assert.True(hash != firstHash && callerHashes.Contains(hash), $"caller certificate {hash} on the new connection"));
        Assert.NotEqual(firstCallee.Fingerprint, reviews.Identity.Current!.Fingerprint);
    }

    private static async Task SendUntilAsync(MeshWorkload caller, Func<int> next, ConcurrentQueue<Sent> sent, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var path = $"/rotation/{next().ToString(CultureInfo.InvariantCulture)}";
            var at = DateTimeOffset.UtcNow;
            try
            {
                // Not cancelled by stop: a request the test gave up on would count as a failure.
                using var response = await caller.CallReviewsAsync(path);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                sent.Enqueue(new Sent(path, at, response.StatusCode, $"{MeshWorkload.Flag(response)} {body}"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                sent.Enqueue(new Sent(path, at, null, ex.Message));
            }

            await Task.Delay(s_pause, CancellationToken.None);
        }
    }

    // "Workload certificate for ... installed" lines: the first certificate and each renewal.
    private static int Installed(MeshWorkload workload) =>
        workload.Sidecar.Logs.Matching("Workload certificate for").Count(l => l.Message.Contains(" installed ", StringComparison.Ordinal));

    // Every certificate the sidecar installed, in order, as x-forwarded-client-cert's Hash writes it.
    private static List<string> Fingerprints(MeshWorkload workload) =>
    [
        .. workload.Sidecar.Logs.Matching("Workload certificate for")
            .Select(l => l.Message[(l.Message.IndexOf("(SHA-256 ", StringComparison.Ordinal) + "(SHA-256 ".Length)..])
            .Select(rest => rest[..rest.IndexOf(')', StringComparison.Ordinal)].ToLowerInvariant()),
    ];

    private static string Hash(WorkloadCertificate certificate) => certificate.Fingerprint.ToLowerInvariant();

    private static string HashIn(string xfcc) =>
        xfcc.Split(';').Single(p => p.StartsWith("Hash=", StringComparison.Ordinal))["Hash=".Length..];

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Sent(string Path, DateTimeOffset At, HttpStatusCode? Status, string Detail);
}
