using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;
using MeshHost.IntegrationTests.MeshView;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// The traces as the dashboard has them, read through the dashboard's own telemetry API (<c>/api/telemetry</c>, OTLP
/// JSON): one trace per product page through the gateway, the sidecars' spans named and tagged as Envoy's, and none of
/// the mesh's housekeeping.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class DashboardTracesTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] Hops = ["gateway", "productpage-sidecar", "productpage", "details-sidecar", "reviews-v3-sidecar"];

    [Fact]
    public async Task ProductPage_ThroughTheGateway_IsOneTraceAcrossTheSidecars_WithTheMeshAttributes()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        using var dashboard = await DashboardClientAsync(cancel.Token);
        await mesh.ApplyAsync("virtual-service-reviews-v3.yaml", cancel.Token);
        var started = DateTimeOffset.UtcNow;

        // Pages until one is served by reviews-v3 under the new route (the change reaches the sidecars within a moment).
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();
        await Eventually.WaitUntilAsync(async () =>
        {
            traceId = ActivityTraceId.CreateRandom();
            callerSpanId = ActivitySpanId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
            request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
            using var response = await gateway.SendAsync(request, cancel.Token);
            var html = await response.Content.ReadAsStringAsync(cancel.Token);
            return response.IsSuccessStatusCode && html.Contains("color=\"red\"", StringComparison.Ordinal);
        }, cancel.Token, BookinfoFixture.PollInterval);

        IReadOnlyList<Span> spans = [];
        await Eventually.WaitUntilAsync(async () =>
        {
            spans = await TraceAsync(dashboard, traceId.ToHexString(), cancel.Token);
            // Each process exports its spans in its own batches: wait for every hop's, not just the first ones.
            return Hops.All(service => spans.Any(s => s.Service == service))
                && spans.Any(s => s.Service == "gateway" && s.Attributes.ContainsKey("node_id"));
        }, cancel.Token, BookinfoFixture.PollInterval);
        // A parent's span may come in a later batch than its child's: give every process's next export a chance.
        for (var wait = 0; wait < 10 && Orphans(spans, callerSpanId).Count > 0; wait++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
            spans = await TraceAsync(dashboard, traceId.ToHexString(), cancel.Token);
        }

        foreach (var span in spans)
        {
            output.WriteLine($"{span.Service}: {span.Name} {span.SpanId}<-{span.ParentSpanId} [{string.Join(", ", span.Attributes.Select(a => $"{a.Key}={a.Value}"))}]");
        }

        // One trace: the gateway, productpage's sidecar, productpage itself, and the sidecars of details and reviews.
        foreach (var service in Hops)
        {
            Assert.Contains(spans, s => s.Service == service);
        }

        // Every span hangs from one the trace holds (or from the test's caller): trace context went out with the span that
        // sent it, never with one that was not exported (the sidecar keeps no HttpClient span under its try's).
        var orphans = Orphans(spans, callerSpanId);
        Assert.True(orphans.Count == 0, "spans whose parent is not in the trace: " + string.Join("; ", orphans));
        // A proxy's try is its send's only span, as Envoy's router's: no HttpClient span of the sidecar under it.
        Assert.DoesNotContain(spans, s => spans.Any(t => t.SpanId == s.ParentSpanId && t.Service == s.Service && t.Name.StartsWith("router ", StringComparison.Ordinal)));
        var ingress = Assert.Single(spans, s => s.Service == "gateway" && s.Attributes.ContainsKey("node_id"));
        Assert.Equal(callerSpanId.ToHexString(), ingress.ParentSpanId);
        Assert.Equal("productpage.default.svc.cluster.local:9080/productpage", ingress.Name);
        var toReviews = Assert.Single(spans, s => s.Service == "productpage-sidecar" && s.Attribute("mesh.destination_service") == "reviews");
        Assert.StartsWith("reviews.default.svc.cluster.local:", toReviews.Name, StringComparison.Ordinal);
        Assert.Equal("v3", toReviews.Attribute("mesh.subset"));
        Assert.Equal("VirtualService default/reviews spec.http[0]", toReviews.Attribute("mesh.route"));
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", toReviews.Attribute("mesh.upstream_principal"));
        Assert.NotNull(toReviews.Attribute("guid:x-request-id"));
        var atReviews = Assert.Single(spans, s => s.Service == "reviews-v3-sidecar" && s.Attribute("mesh.reporter") == "destination");
        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-productpage", atReviews.Attribute("mesh.downstream_principal"));
        Assert.Equal("reviews", atReviews.Attribute("istio.canonical_service"));
        Assert.Contains(spans, s => s.Service == "productpage-sidecar" && s.Attribute("mesh.attempt") == "1");

        // The mesh's housekeeping (the dashboard's status polls, reports, streams, probes, admin calls) left no span.
        var all = await SpansAsync(dashboard, cancel.Token);
        var housekeeping = all.Where(s => s.Started >= started && IsHousekeeping(s)).ToList();
        Assert.True(housekeeping.Count == 0,
            "housekeeping spans: " + string.Join("; ", housekeeping.Take(5).Select(s => $"{s.Service}: {s.Name} {s.Attribute("url.path") ?? s.Attribute("url.full")}")));
    }

    private static List<string> Orphans(IReadOnlyList<Span> spans, ActivitySpanId caller) =>
        [.. spans.Where(s => s.ParentSpanId != caller.ToHexString() && !spans.Any(p => p.SpanId == s.ParentSpanId))
            .Select(s => $"{s.Service}: {s.Name} (parent {s.ParentSpanId})")];

    private static bool IsHousekeeping(Span span)
    {
        var path = span.Attribute("url.path") ?? span.Attribute("url.full") ?? "";
        return path.Contains("/v1/status", StringComparison.Ordinal) || path.Contains("/report", StringComparison.Ordinal)
            || path.Contains("/stream", StringComparison.Ordinal) || path.Contains("/readyz", StringComparison.Ordinal)
            || path.Contains("/healthz", StringComparison.Ordinal) || path.EndsWith("/health", StringComparison.Ordinal);
    }

    // The dashboard's own address and its telemetry API's key, which the dashboard trades for the browser token a user
    // logs in with (POST /api/telemetry/validateToken, as its own pages do). Its certificate need not be trusted here.
    private async Task<HttpClient> DashboardClientAsync(CancellationToken cancellationToken)
    {
        var login = DashboardLogin.Of(fixture.App);
#pragma warning disable CA5400, CA2000 // A loopback test client of the test's own dashboard; the client disposes the handler.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
#pragma warning restore CA5400, CA2000
        var client = new HttpClient(handler) { BaseAddress = login.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/telemetry/validateToken", new JsonObject { ["token"] = login.BrowserToken }, cancellationToken);
        response.EnsureSuccessStatusCode();
        if ((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["apiKey"]?.GetValue<string>() is { Length: > 0 } apiKey)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    private static async Task<IReadOnlyList<Span>> TraceAsync(HttpClient dashboard, string traceId, CancellationToken cancellationToken)
    {
        using var response = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return []; // not arrived yet
        }

        response.EnsureSuccessStatusCode();
        return Span.Read(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken));
    }

    private static async Task<IReadOnlyList<Span>> SpansAsync(HttpClient dashboard, CancellationToken cancellationToken)
    {
        using var response = await dashboard.GetAsync("/api/telemetry/spans?limit=10000", cancellationToken);
        response.EnsureSuccessStatusCode();
        return Span.Read(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken));
    }

    /// <summary>A span of the dashboard's OTLP JSON: its resource's <c>service.name</c>, name, start, attributes and ids (hex).</summary>
    private sealed record Span(string Service, string Name, DateTimeOffset Started, Dictionary<string, string> Attributes,
        string SpanId = "", string ParentSpanId = "")
    {
        public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

        public static List<Span> Read(JsonObject? body)
        {
            var spans = new List<Span>();
            foreach (var resource in body?["data"]?["resourceSpans"]?.AsArray() ?? [])
            {
                var service = ReadAttributes(resource?["resource"]?["attributes"]).GetValueOrDefault("service.name") ?? "";
                foreach (var scope in resource?["scopeSpans"]?.AsArray() ?? [])
                {
                    foreach (var span in scope?["spans"]?.AsArray() ?? [])
                    {
                        var start = long.Parse(span?["startTimeUnixNano"]?.ToString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                        spans.Add(new Span(service, span?["name"]?.ToString() ?? "", DateTimeOffset.FromUnixTimeMilliseconds(start / 1_000_000),
                            ReadAttributes(span?["attributes"]), SpanIdOf(span?["spanId"]), SpanIdOf(span?["parentSpanId"])));
                    }
                }
            }

            return spans;
        }

        // OTLP/JSON gives ids in hex; base64 (protobuf's JSON mapping) is read too, so a change of encoding cannot pass unnoticed as "no parent".
        private static string SpanIdOf(JsonNode? id) => id?.ToString() is not { Length: > 0 } text
            ? ""
            : text.Length == 16 ? text.ToLowerInvariant() : Convert.ToHexStringLower(Convert.FromBase64String(text));

        private static Dictionary<string, string> ReadAttributes(JsonNode? attributes)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var attribute in attributes?.AsArray() ?? [])
            {
                var value = attribute?["value"]?.AsObject().FirstOrDefault().Value;
                if (attribute?["key"]?.ToString() is { } key && value is not null)
                {
                    result[key] = value.ToString();
                }
            }

            return result;
        }
    }
}
