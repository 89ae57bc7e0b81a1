using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// What mutual TLS and authorization add to the sidecar's metrics: the inbound request metrics name the verified caller
/// (Istio's <c>source_workload</c> and <c>source_principal</c>), and every denial is counted with its policy.
/// </summary>
public sealed class SecurityTelemetryTests
{
    [Fact]
    public async Task InboundMetrics_NameTheVerifiedCaller_AndDenialsAreCountedWithThePolicy()
    {
        using var measurements = new MeasurementRecorder();
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        await mesh.ApplyAsync(SecureMesh.DenyDeleteOnReviews);

        using (var allowed = await productpage.CallReviewsAsync())
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(productpage.Sidecar.Outbound(), "/reviews/0"));
        using var denied = await productpage.Sidecar.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("default/deny-delete", Assert.Single(denied.Headers.GetValues("x-mesh-denied-by")));

        const string caller = "spiffe://cluster.local/ns/default/sa/bookinfo-productpage";
        Assert.Contains(measurements.Of("mesh.requests"), tags =>
            Equals(tags["reporter"], "destination") && Equals(tags["destination_workload"], SecureMesh.Callee)
            && Equals(tags["source_workload"], "productpage-v1") && Equals(tags["source_principal"], caller)
            && Equals(tags["response_code"], 200));
        var denial = Assert.Single(measurements.Of("mesh.authz.denials"), tags => Equals(tags["destination_workload"], SecureMesh.Callee));
        Assert.Equal("cluster.local/ns/default/sa/bookinfo-productpage", denial["source_principal"]);
        Assert.Equal("default/deny-delete", denial["policy"]);
        Assert.Equal("enforced", denial["mode"]);
    }

    /// <summary>Every measurement of the sidecar meter, from every sidecar in the process (filter by tags).</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, Dictionary<string, object?> Tags)> _measurements = new();

        public MeasurementRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SidecarMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => _measurements.Enqueue((instrument.Name, ToDictionary(tags))));
            _listener.Start();
        }

        public List<Dictionary<string, object?>> Of(string instrument) =>
            _measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags).ToList();

        public void Dispose() => _listener.Dispose();

        private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var result = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                result[tag.Key] = tag.Value;
            }

            return result;
        }
    }
}
