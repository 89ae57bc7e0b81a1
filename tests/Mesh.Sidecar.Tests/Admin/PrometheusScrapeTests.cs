using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Admin;

/// <summary>
/// <c>/stats/prometheus</c> on the admin port, as an Envoy sidecar serves it: the Prometheus text format, under Istio's names
/// (what Istio's Grafana dashboards query) with Istio's labels and buckets.
/// </summary>
[Collection(ProcessMeters.Name)]
public sealed partial class PrometheusScrapeTests
{
    [Fact]
    public async Task StatsPrometheus_AfterARequest_ExposesIstiosMetricsInTheTextFormat()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var productpage = mesh[SecureMesh.Caller];
        using (var response = await productpage.CallReviewsAsync())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var scrape = await productpage.Sidecar.Client.GetAsync(new Uri(productpage.Sidecar.Admin, "/stats/prometheus"));
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        // The caller's own (reporter=source): a meter provider listens to every meter of its name in the process, and the
        // callee's sidecar runs in this one too (a real sidecar is a process of its own).
        var samples = Parse(await scrape.Content.ReadAsStringAsync()).Where(s => s.Labels.GetValueOrDefault("reporter") == "source").ToList();

        var requests = Assert.Single(samples, s => s.Name == "istio_requests_total");
        Assert.Equal(1, requests.Value);
        Assert.Equal("source", requests.Labels["reporter"]);
        Assert.Equal("productpage-v1", requests.Labels["source_workload"]);
        Assert.Equal("reviews.default.svc.cluster.local", requests.Labels["destination_service"]);
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", requests.Labels["destination_principal"]);
        Assert.Equal("200", requests.Labels["response_code"]);
        // Istio's buckets, cumulative up to +Inf, which holds every request.
        var buckets = samples.Where(s => s.Name == "istio_request_duration_milliseconds_bucket").ToList();
        Assert.Equal(["0.5", "1", "5", "10"], buckets.Take(4).Select(b => b.Labels["le"]));
        Assert.Equal(1, buckets.Single(b => b.Labels["le"] == "+Inf").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "istio_request_duration_milliseconds_count").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "istio_response_bytes_count").Value);
        Assert.Equal(SecureMesh.Callee.Length, samples.Single(s => s.Name == "istio_response_bytes_sum").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "istio_request_bytes_count").Value);

        using var index = await productpage.Sidecar.Client.GetAsync(productpage.Sidecar.Admin);
        Assert.Contains("GET /stats/prometheus", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<Sample> Parse(string exposition) =>
        [.. exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success)
            .Select(match => new Sample(
                match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value, StringComparer.Ordinal),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
