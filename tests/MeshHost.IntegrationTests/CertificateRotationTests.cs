using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Bookinfo on the mesh with 1-minute workload certificates (<c>--Mesh:CertificateLifetime=00:01:00</c>), so every
/// sidecar renews about every 30 seconds. Its own AppHost: a class fixture, as <see cref="BookinfoWithoutMeshFixture"/>,
/// which makes the class its own collection; collections run one after the other (xunit.runner.json).
/// </summary>
public sealed class CertificateRotationFixture() : BookinfoFixture(["--" + CertificateLifetimeKey + "=00:01:00"])
{
    private const string CertificateLifetimeKey = "Mesh:CertificateLifetime";

    private readonly Stopwatch _sinceCreated = Stopwatch.StartNew();

    /// <summary>Time since xunit created the fixture, just before it started the AppHost.</summary>
    public TimeSpan SinceCreated => _sinceCreated.Elapsed;
}

/// <summary>
/// Istio rotates workload certificates under live traffic without the applications noticing. Here with the real
/// control plane CA: steady product-page traffic (productpage → details, productpage → reviews, reviews → ratings,
/// each hop mutual TLS between sidecars, enforced by a mesh-wide STRICT policy) across at least three renewals of
/// every sidecar's certificate, watched through the sidecars' <c>/certs</c> admin endpoint.
/// </summary>
public sealed class CertificateRotationTests(CertificateRotationFixture fixture, ITestOutputHelper output) : IClassFixture<CertificateRotationFixture>
{
    /// <summary>1-minute certificates renewed at half-life: three renewals take ~90 s; 110 s leaves room for slow ones.</summary>
    private static readonly TimeSpan TrafficDuration = TimeSpan.FromSeconds(110);

    private static readonly TimeSpan PageInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(3);

    /// <summary>The control plane back-dates certificates a minute for clock skew (MeshCertificateAuthority.ClockSkew).</summary>
    private static readonly TimeSpan ExpectedValidity = TimeSpan.FromMinutes(1) + TimeSpan.FromMinutes(1);

    /// <summary>The first certificate and three renewals.</summary>
    private const int MinimumCertificates = 4;

    private static readonly string[] Sidecars = ["productpage-sidecar", "details-sidecar", "reviews-v1-sidecar", "ratings-sidecar"];

    /// <summary>What productpage and reviews show when a call failed (ProductPageView, ReviewsClient, ReviewsResponse, DetailsClient).</summary>
    private static readonly string[] FailureTexts =
    [
        "Error fetching product details!",
        "Error fetching product reviews!",
        ProductPageVisit.RatingsUnavailable,
        ProductPageVisit.ReviewsUnavailable,
        "Sorry, product details are currently unavailable for this book.",
    ];

    [Fact]
    public async Task SteadyTraffic_AcrossThreeRenewalsOfEverySidecar_NoPageFails()
    {
        output.WriteLine(Format($"fixture (AppHost start until every workload is registered) ready {fixture.SinceCreated.TotalSeconds:F1} s after it was created"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var testClock = Stopwatch.StartNew();
        await using var logs = new ResourceLogRecorder(fixture.App, [.. Sidecars, "mesh"]);
        await using var mesh = new MeshChanges(fixture, output);
        // STRICT: a sidecar that fell back to plain text would be refused, so every page below proves mutual TLS.
        await mesh.ApplyAsync("peer-authentication-mesh-strict.yaml", cancel.Token);
        (await fixture.GatewayClientAsync(cancel.Token)).Dispose();
        using (var browser = BookinfoBrowser.AnonymousThroughGateway(fixture))
        {
            output.WriteLine(Format($"warm after {(await browser.WarmUpAsync(cancel.Token)).TotalSeconds:F1} s"));
        }

        var admins = Sidecars.ToDictionary(s => s, s => fixture.AdminClient(s, MeshSidecarResource.AdminEndpointName));
        try
        {
            var samples = new List<CertificateSample>();
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            var sampling = SampleAsync(admins, samples, stopSampling.Token);

            var started = DateTime.UtcNow;
            var traffic = await SendTrafficAsync(cancel.Token);

            await stopSampling.CancelAsync();
            await sampling;
            await SampleOnceAsync(admins, samples, cancel.Token);

            Report(traffic, samples);
            if (traffic.Failures.Count > 0)
            {
                logs.WriteTo(output, traffic.Failures[0].At.AddSeconds(-5), traffic.Failures[0].At.AddSeconds(5));
            }

            output.WriteLine(Format($"test body took {testClock.Elapsed.TotalSeconds:F1} s (traffic from {started:HH:mm:ss})"));
            AssertRotation(traffic, samples);
        }
        finally
        {
            foreach (var admin in admins.Values)
            {
                admin.Dispose();
            }
        }
    }

    private async Task<TrafficResult> SendTrafficAsync(CancellationToken cancellationToken)
    {
        var result = new TrafficResult();
        // A plain client, as BookinfoBrowser's: the app's client factory logs every request, ~1,700 lines here. Through the
        // ingress gateway: under STRICT productpage's published address refuses plain text (inbound capture).
        using var http = Loopback.CreateClient(fixture.App.GetEndpoint("gateway", MeshGatewayResource.HttpEndpointName));
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(PageInterval);
        while (clock.Elapsed < TrafficDuration)
        {
            var page = Stopwatch.StartNew();
            var at = DateTime.UtcNow;
            try
            {
                using var response = await http.GetAsync(new Uri("/productpage", UriKind.Relative), cancellationToken);
                var html = await response.Content.ReadAsStringAsync(cancellationToken);
                var visit = new ProductPageVisit(html, page.Elapsed);
                var shown = FailureTexts.Where(t => html.Contains(t, StringComparison.Ordinal)).ToArray();
                if (response.StatusCode != HttpStatusCode.OK || shown.Length > 0)
                {
                    result.Failures.Add(new PageFailure(at, Format($"{(int)response.StatusCode}: {string.Join("; ", shown)}")));
                }
                else
                {
                    result.Versions[visit.ReviewsVersion ?? "none"] = result.Versions.GetValueOrDefault(visit.ReviewsVersion ?? "none") + 1;
                }

                result.Slowest = visit.Elapsed > result.Slowest ? visit.Elapsed : result.Slowest;
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                result.Failures.Add(new PageFailure(at, ex.GetType().Name + ": " + ex.Message));
            }

            result.Pages++;
            await timer.WaitForNextTickAsync(cancellationToken);
        }

        result.Duration = clock.Elapsed;
        return result;
    }

    private async Task SampleAsync(Dictionary<string, HttpClient> admins, List<CertificateSample> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            do
            {
                await SampleOnceAsync(admins, samples, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Traffic is over.
        }
    }

    private async Task SampleOnceAsync(Dictionary<string, HttpClient> admins, List<CertificateSample> samples, CancellationToken cancellationToken)
    {
        foreach (var (sidecar, admin) in admins)
        {
            var at = DateTime.UtcNow;
            try
            {
                var certs = await admin.GetFromJsonAsync<CertsView>(new Uri("/certs", UriKind.Relative), JsonSerializerOptions.Web, cancellationToken);
                samples.Add(new CertificateSample(sidecar, at, certs ?? throw new InvalidDataException("empty /certs")));
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException or JsonException) && !cancellationToken.IsCancellationRequested)
            {
                output.WriteLine(Format($"{at:HH:mm:ss.fff} {sidecar} /certs failed: {ex.Message}"));
            }
        }
    }

    private void Report(TrafficResult traffic, List<CertificateSample> samples)
    {
        output.WriteLine(Format(
            $"{traffic.Pages} pages in {traffic.Duration.TotalSeconds:F1} s, {traffic.Failures.Count} failed, slowest {traffic.Slowest.TotalMilliseconds:F0} ms; reviews {string.Join(", ", traffic.Versions.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}"))}"));
        foreach (var failure in traffic.Failures.Take(10))
        {
            output.WriteLine(Format($"  failed at {failure.At:HH:mm:ss.fff}: {failure.Reason}"));
        }

        output.WriteLine(Format($"{samples.Count} /certs samples"));
        foreach (var sidecar in Sidecars)
        {
            var certificates = Certificates(samples, sidecar);
            output.WriteLine(Format($"{sidecar}: {certificates.Count} certificates seen, {Math.Max(0, certificates.Count - 1)} renewals"));
            foreach (var first in certificates)
            {
                var c = first.Certs;
                output.WriteLine(Format(
                    $"  {first.At:HH:mm:ss.fff} {c.Fingerprint?[..16]}… notBefore {c.NotBefore:HH:mm:ss} notAfter {c.NotAfter:HH:mm:ss} ({(c.NotAfter - c.NotBefore)?.TotalSeconds:F0} s) renewAt {c.RenewAt:HH:mm:ss.fff} mTLS {c.MutualTls} root {c.RootFingerprint?[..16]}…"));
            }
        }
    }

    private static void AssertRotation(TrafficResult traffic, List<CertificateSample> samples)
    {
        Assert.True(traffic.Failures.Count == 0,
            Format($"{traffic.Failures.Count} of {traffic.Pages} pages failed, first: {string.Join(" | ", traffic.Failures.Take(5).Select(f => $"{f.At:HH:mm:ss.fff} {f.Reason}"))}"));
        Assert.All(samples, s => Assert.True(s.Certs.MutualTls && s.Certs.Fingerprint is not null, $"{s.Sidecar} had no certificate at {s.At:HH:mm:ss.fff}"));
        foreach (var sidecar in Sidecars)
        {
            var certificates = Certificates(samples, sidecar);
            Assert.True(certificates.Count >= MinimumCertificates,
                Format($"{sidecar}: {certificates.Count} certificates over {traffic.Duration.TotalSeconds:F0} s, expected at least {MinimumCertificates} (the first and three renewals)"));
        }

        Assert.All(samples, s =>
        {
            var validity = s.Certs.NotAfter - s.Certs.NotBefore;
            Assert.True(validity is { } v && (v - ExpectedValidity).Duration() <= TimeSpan.FromSeconds(1),
                Format($"{s.Sidecar} {s.Certs.Fingerprint}: valid {s.Certs.NotBefore:O} to {s.Certs.NotAfter:O}, expected {ExpectedValidity} (1 minute lifetime + 1 minute back-dating)"));
        });
        var roots = samples.Select(s => s.Certs.RootFingerprint).Distinct(StringComparer.Ordinal).ToArray();
        Assert.True(roots.Length == 1 && roots[0] is not null, "root fingerprints seen: " + string.Join(", ", roots));
    }

    /// <summary>Each distinct certificate of one sidecar, as first seen.</summary>
    private static List<CertificateSample> Certificates(List<CertificateSample> samples, string sidecar) =>
        [.. samples.Where(s => s.Sidecar == sidecar && s.Certs.Fingerprint is not null).DistinctBy(s => s.Certs.Fingerprint, StringComparer.Ordinal)];

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The body of a sidecar's <c>/certs</c> (Mesh.Sidecar's CertificatesView).</summary>
    private sealed record CertsView(
        string Identity,
        bool MutualTls,
        string? Fingerprint,
        DateTimeOffset? NotBefore,
        DateTimeOffset? NotAfter,
        DateTimeOffset? RenewAt,
        string? RootFingerprint);

    private sealed record CertificateSample(string Sidecar, DateTime At, CertsView Certs);

    private sealed record PageFailure(DateTime At, string Reason);

    private sealed class TrafficResult
    {
        public int Pages { get; set; }

        public TimeSpan Duration { get; set; }

        public TimeSpan Slowest { get; set; }

        public List<PageFailure> Failures { get; } = [];

        public Dictionary<string, int> Versions { get; } = new(StringComparer.Ordinal);
    }
}
