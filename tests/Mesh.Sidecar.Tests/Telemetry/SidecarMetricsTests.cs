using System.Diagnostics.Metrics;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Tests.Telemetry;

public sealed class SidecarMetricsTests
{
    [Fact]
    public void Record_Request_EmitsCounterAndHistogramWithIstioLabels()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new SidecarMetrics(factory);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This test's meter only: sidecars that other tests run in this process publish a meter of the same name.
            if (instrument.Meter.Name == SidecarMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        listener.Start();

        metrics.Record(new RequestLabels("source", "productpage-v1", "reviews"), "reviews-v2", "v2", 503, ResponseFlag.NoHealthyUpstream, 1.5);

        Assert.Equal(["mesh.requests", "mesh.request.duration"], measurements.Select(m => m.Instrument));
        Assert.Equal(1, measurements[0].Value);
        Assert.Equal(1.5, measurements[1].Value);
        Assert.All(measurements, m =>
        {
            Assert.Equal("source", m.Tags["reporter"]);
            Assert.Equal("productpage-v1", m.Tags["source_workload"]);
            Assert.Equal("reviews", m.Tags["destination_service"]);
            Assert.Equal("reviews-v2", m.Tags["destination_workload"]);
            Assert.Equal("v2", m.Tags["destination_version"]);
            Assert.Equal(503, m.Tags["response_code"]);
            Assert.Equal("UH", m.Tags["response_flags"]);
        });
    }

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
