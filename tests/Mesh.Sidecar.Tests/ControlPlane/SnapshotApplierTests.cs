using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Inbound;
using static Mesh.Testing.Snapshots;

namespace Mesh.Sidecar.Tests.ControlPlane;

public sealed class SnapshotApplierTests
{
    private static readonly Uri s_v1 = new("http://127.0.0.1:7001");
    private static readonly Uri s_v2 = new("http://127.0.0.1:7002/");
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryCompile_TwoListeners_BuildsOneUpstreamPerListenerInOrder()
    {
        var compiler = Compiler(("reviews", "reviews", null), ("ratings", "ratings", null));

        var ok = compiler.TryCompile(Create("1",
            Service("ratings", Endpoint("ratings-v1", s_v1)),
            Service("reviews", Endpoint("reviews-v1", s_v1), Endpoint("reviews-v2", s_v2, version: "v2"))), s_now, out var model, out _);

        Assert.True(ok);
        Assert.Equal("1", model!.Version);
        Assert.Equal(s_now, model.AppliedAt);
        Assert.Equal(["reviews-v1", "reviews-v2"], model.Upstreams[0].Endpoints.Select(e => e.Workload));
        Assert.Equal(["ratings-v1"], model.Upstreams[1].Endpoints.Select(e => e.Workload));
    }

    [Fact]
    public void TryCompile_AddressWithTrailingSlash_NormalizesThePrefix()
    {
        var compiler = Compiler(("reviews", "reviews", null));

        compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v2", s_v2) with { Address = "http://127.0.0.1:7002/" })), s_now, out var model, out _);

        Assert.Equal("http://127.0.0.1:7002", Assert.Single(model!.Upstreams[0].Endpoints).Address);
    }

    [Fact]
    public void TryCompile_PinnedListener_KeepsOnlyThatWorkload()
    {
        var compiler = Compiler(("reviews-v2", "reviews", "reviews-v2"));

        compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1), Endpoint("reviews-v2", s_v2))), s_now, out var model, out _);

        Assert.Equal("reviews-v2", Assert.Single(model!.Upstreams[0].Endpoints).Workload);
        Assert.Equal("reviews-v2", model.Upstreams[0].PinnedWorkload);
    }

    [Fact]
    public void TryCompile_ServiceMissingFromSnapshot_GivesEmptyEndpoints()
    {
        var compiler = Compiler(("details", "details", null));

        var ok = compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1))), s_now, out var model, out _);

        Assert.True(ok);
        Assert.Empty(model!.Upstreams[0].Endpoints);
    }

    [Fact]
    public void TryCompile_ServiceInAnotherNamespace_IsNotMatched()
    {
        var compiler = Compiler(("reviews", "reviews", null));

        compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1)) with { Namespace = "staging" }), s_now, out var model, out _);

        Assert.Empty(model!.Upstreams[0].Endpoints);
    }

    [Fact]
    public void TryCompile_QualifiedHost_MatchesServiceInThatNamespace()
    {
        var compiler = Compiler(("reviews", "reviews.staging.svc.cluster.local", null));

        compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1)) with { Namespace = "staging" }), s_now, out var model, out _);

        Assert.Single(model!.Upstreams[0].Endpoints);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("/relative")]
    public void TryCompile_EndpointAddressNotHttpUrl_RefusesSnapshot(string address)
    {
        var compiler = Compiler(("reviews", "reviews", null));

        var ok = compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1) with { Address = address })), s_now, out var model, out var reason);

        Assert.False(ok);
        Assert.Null(model);
        Assert.Contains($"'{address}'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCompile_SameWorkloadInTwoSnapshots_SharesItsCounters()
    {
        var compiler = Compiler(("reviews", "reviews", null));

        compiler.TryCompile(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1))), s_now, out var first, out _);
        compiler.TryCompile(Create("2", Service("reviews", Endpoint("reviews-v1", s_v2))), s_now, out var second, out _);

        Assert.Same(first!.Upstreams[0].Endpoints[0].Stats, second!.Upstreams[0].Endpoints[0].Stats);
    }

    [Fact]
    public void TryApply_InvalidAfterValid_KeepsTheLastGoodSnapshotAndRecordsRejection()
    {
        var store = Compiler(("reviews", "reviews", null)).Applier;
        store.TryApply(Create("1", Service("reviews", Endpoint("reviews-v1", s_v1))), out _);

        var ok = store.TryApply(Create("2", Service("reviews", Endpoint("reviews-v1", s_v1) with { Address = "nope" })), out var reason);

        Assert.False(ok);
        Assert.Equal("1", store.Current!.Version);
        Assert.Equal("2", store.LastRejection!.Version);
        Assert.Equal(reason, store.LastRejection.Reason);
    }

    private static TestApplier Compiler(params (string Name, string Service, string? Workload)[] outbound)
    {
        var options = new SidecarOptions { Workload = "productpage-v1", Service = "productpage", ControlPlane = "http://127.0.0.1:1" };
        foreach (var (name, service, workload) in outbound)
        {
            options.Outbound.Add(new OutboundListenerOptions { Name = name, Service = service, Workload = workload, Port = 0 });
        }

        var time = new FakeTimeProvider(s_now);
        var outboundModels = new Watch<OutboundModel>(OutboundModel.Empty);
        var inboundPolicies = new Watch<InboundPolicy>(InboundPolicy.Default);
        var wrapped = Options.Create(options);
        var applier = new SnapshotApplier(
            new OutboundCompiler(wrapped, new TrafficStats("productpage-v1"), new ClusterStates(time, Random.Shared)),
            new InboundPolicyCompiler(SidecarIdentity.From(wrapped), inboundPolicies, time),
            outboundModels, inboundPolicies, new MeshTrust(null), time);
        return new TestApplier(applier, outboundModels);
    }

    /// <summary>What one applied snapshot compiled to: its version and time, and the outbound stack's upstreams.</summary>
    private sealed record Compiled(string Version, DateTimeOffset AppliedAt, UpstreamModel[] Upstreams);

    private sealed class TestApplier(SnapshotApplier applier, Watch<OutboundModel> outbound)
    {
        public SnapshotApplier Applier { get; } = applier;

        public bool TryCompile(SidecarSnapshot snapshot, DateTimeOffset now, out Compiled? model, out string? reason)
        {
            Assert.Equal(s_now, now);
            var ok = Applier.TryApply(snapshot, out reason);
            model = ok ? new Compiled(Applier.Current!.Version, Applier.Current.AppliedAt, outbound.Current.Upstreams) : null;
            return ok;
        }
    }
}
