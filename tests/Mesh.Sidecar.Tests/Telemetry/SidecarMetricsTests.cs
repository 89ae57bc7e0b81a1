using System.Diagnostics.Metrics;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

[Collection(ProcessMeters.Name)]
public sealed class SidecarMetricsTests
{
    private static readonly SidecarIdentity s_productpage = new()
    {
        Workload = "productpage-v1", Service = "productpage", Version = "v1", Namespace = "default", ServiceAccount = "bookinfo-productpage",
        ControlPlane = "http://127.0.0.1:1", App = "http://127.0.0.1:2",
    };

    private static readonly RequestDestination s_reviewsV2 = new("reviews-v2", "v2", Tags: PeerTags.Destination(
        new PeerWorkload("reviews-v2", "default", "reviews", "v2"), DestinationServiceName.Of("reviews", "default")),
        Principal: "spiffe://cluster.local/ns/default/sa/bookinfo-reviews");

    [Fact]
    public void Record_Request_EmitsCounterAndHistogramsWithIstioLabels()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new SidecarMetrics(factory);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = Listen(factory, (i, v, tags) => measurements.Add((i, v, SidecarMeasurements.ToDictionary(tags))));

        metrics.Record(SourceLabels.For(s_productpage, "reviews") with { MutualTls = true }, s_reviewsV2,
            new RequestMeasurements(503, ResponseFlag.NoHealthyUpstream, 1.5, Grpc: false, GrpcStatus: null, RequestBytes: 7, ResponseBytes: 19));

        Assert.Equal(["mesh.requests", "mesh.request.duration", "mesh.request.size", "mesh.response.size"], measurements.Select(m => m.Instrument));
        Assert.Equal([1, 1.5, 7, 19], measurements.Select(m => m.Value));
        Assert.All(measurements, m =>
        {
            Assert.Equal(24, m.Tags.Count);
            Assert.Equal("source", m.Tags["reporter"]);
            Assert.Equal("productpage-v1", m.Tags["source_workload"]);
            Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-productpage", m.Tags["source_principal"]);
            Assert.Equal("reviews.default.svc.cluster.local", m.Tags["destination_service"]);
            Assert.Equal("reviews", m.Tags["destination_service_name"]);
            Assert.Equal("reviews-v2", m.Tags["destination_workload"]);
            Assert.Equal("v2", m.Tags["destination_version"]);
            Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", m.Tags["destination_principal"]);
            Assert.Equal(503, m.Tags["response_code"]);
            Assert.Equal("UH", m.Tags["response_flags"]);
            Assert.Equal("unknown", m.Tags["connection_security_policy"]);
        });
    }

    [Fact]
    public void Record_NoEndpointReached_ReportsTheListenersServiceAndUnknownWorkload()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new SidecarMetrics(factory);
        Dictionary<string, object?>? tags = null;
        using var listener = Listen(factory, (i, _, t) => tags ??= SidecarMeasurements.ToDictionary(t));

        metrics.Record(SourceLabels.For(s_productpage, "reviews.default"), RequestDestination.Unknown,
            new RequestMeasurements(404, ResponseFlag.NoRouteFound, 1, Grpc: true, GrpcStatus: "12"));

        Assert.NotNull(tags);
        Assert.Equal("reviews.default.svc.cluster.local", tags["destination_service"]);
        Assert.Equal("unknown", tags["destination_workload"]);
        Assert.Equal("unknown", tags["destination_cluster"]);
        Assert.Equal("unknown", tags["source_principal"]);
        Assert.Equal("grpc", tags["request_protocol"]);
        Assert.Equal("12", tags["grpc_response_status"]);
    }

    // Issue 12's budget: the labels are copied from tags built at start and snapshot compile, so recording allocates nothing
    // of its own, whether or not anyone listens (what a listener keeps is its own cost).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_AllocatesNothing(bool listened)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new SidecarMetrics(factory);
        var count = 0;
        using var listener = listened ? Listen(factory, (_, _, _) => count++) : null;
        var labels = SourceLabels.For(s_productpage, "reviews") with { MutualTls = true };
        var request = new RequestMeasurements(200, ResponseFlag.None, 2.5, Grpc: false, GrpcStatus: null, RequestBytes: 10, ResponseBytes: 20);
        metrics.Record(labels, s_reviewsV2, request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            metrics.Record(labels, s_reviewsV2, request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(listened ? 4004 : 0, count);
    }

    private static MeterListener Listen(IMeterFactory factory, Action<string, double, ReadOnlySpan<KeyValuePair<string, object?>>> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // This test's meter only: sidecars that other tests run in this process publish a meter of the same name.
                if (instrument.Meter.Name == SidecarMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured(i.Name, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured(i.Name, v, tags));
        listener.Start();
        return listener;
    }
}
