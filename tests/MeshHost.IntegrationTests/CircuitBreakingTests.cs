using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's Circuit Breaking task (istio.io/latest/docs/tasks/traffic-management/circuit-breaking/), with its
/// DestinationRule applied to Bookinfo's details service instead of httpbin. As the task drives httpbin through
/// fortio's sidecar, this test drives details through productpage's sidecar: the outbound listener that
/// productpage's <c>http://details</c> calls are rewired to.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class CircuitBreakingTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private const int Concurrent = 30;

    [Fact]
    public async Task DetailsConnectionPoolOfOne_ThirtyConcurrentRequests_SomeOverflowWithUO_OthersSucceed()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var mesh = new MeshChanges(fixture, output);
        var outbound = fixture.App.GetEndpoint("productpage-sidecar", MeshSidecarResource.OutboundEndpointPrefix + "details");
        // Connections stay pooled between the two bursts, so the second measures the sidecar's limits rather
        // than 30 TCP handshakes spread over time.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = outbound,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Without the rule nothing limits the calls.
        var before = await BurstAsync(http, cancel.Token);
        Write("without the rule", before);
        Assert.All(before, r => Assert.Equal(HttpStatusCode.OK, r.Status));

        await mesh.ApplyAsync("destination-rule-details-circuit-breaker.yaml", cancel.Token);
        var after = await BurstAsync(http, cancel.Token);
        Write("with the rule", after);

        // One request in flight and one waiting: the rest are refused at once, as Envoy does, with 503 and flag UO.
        Assert.Contains(after, r => r == (HttpStatusCode.ServiceUnavailable, "UO"));
        Assert.Contains(after, r => r.Status == HttpStatusCode.OK);
        Assert.All(after, r => Assert.True(r.Status == HttpStatusCode.OK || r == (HttpStatusCode.ServiceUnavailable, "UO"), $"unexpected answer {r}"));
    }

    private static async Task<(HttpStatusCode Status, string? Flag)[]> BurstAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var requests = Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            using var response = await http.GetAsync(new Uri("/details/0", UriKind.Relative), cancellationToken);
            var flag = response.Headers.TryGetValues("x-mesh-response-flags", out var values) ? string.Join(",", values) : null;
            return (response.StatusCode, flag);
        }).ToArray();
        return await Task.WhenAll(requests);
    }

    private void Write(string when, (HttpStatusCode Status, string? Flag)[] results) =>
        output.WriteLine($"{when}: " + string.Join(", ", results
            .GroupBy(r => $"{(int)r.Status} {r.Flag ?? "-"}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}")));
}
