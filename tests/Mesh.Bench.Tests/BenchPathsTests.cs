using Mesh.Bench.Load;
using Mesh.Bench.Topology;
using Mesh.Testing;

namespace Mesh.Bench.Tests;

/// <summary>
/// Each path of the benchmark, set up as bench/run.sh sets it up, carries a few hundred requests from the
/// benchmark's own load generator, and every one of them succeeds. Figures are not asserted: that is the
/// benchmark's job, on a quiet machine.
/// </summary>
public sealed class BenchPathsTests(TopologyFixture fixture) : IClassFixture<TopologyFixture>
{
    private const int Rate = 1000;
    private const int Requests = 300;

    [Fact]
    public Task OpenLoop_Direct_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.Direct);

    [Fact]
    public Task OpenLoop_OneSidecarHop_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.Sidecar);

    [Fact]
    public Task OpenLoop_MeshPath_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.Mesh);

    [Fact]
    public Task OpenLoop_MeshPathWithRouteTable_AllRequestsSucceed() => AssertAllSucceedAsync($"{BenchPath.Mesh}@{RouteTableVariant.Name}");

    [Fact]
    public async Task RouteTable_IsInForce_OnTheRoutesPair()
    {
        using var http = Loopback.CreateClient(fixture.Topology.ControlPlaneUrl);
        var resources = await http.GetStringAsync("/v1/resources");

        // The route table was accepted (the pair does not just fall back to the default route).
        Assert.Contains("backend-routes", resources, StringComparison.Ordinal);
        Assert.Contains("VirtualService", resources, StringComparison.Ordinal);
        Assert.Contains("DestinationRule", resources, StringComparison.Ordinal);
    }

    [Fact]
    public Task OpenLoop_MutualTlsPath_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.Mtls);

    [Theory]
    [InlineData(BenchPath.Mtls)]
    [InlineData(BenchPath.GrpcMtls)]
    public async Task MutualTlsPath_Hop_IsMutualTls(string path)
    {
        // The benchmark's own check (it also ran before the topology counted as up): the caller's snapshot marks the
        // callee mTLS, and the backend sees x-forwarded-client-cert from the callee sidecar naming both identities.
        var pair = MutualTlsPair.Create(path);

        var seen = await fixture.Topology.VerifyMutualTlsAsync(path, CancellationToken.None);

        Assert.Contains($"{pair.CalleeWorkload} mutualTls=true", seen, StringComparison.Ordinal);
        Assert.Contains($"{pair.CallerWorkload} mutualTls=true", seen, StringComparison.Ordinal);
        Assert.Contains($"By={pair.CalleeIdentity};", seen, StringComparison.Ordinal);
        Assert.Contains($"URI={pair.CallerIdentity}", seen, StringComparison.Ordinal);
    }

    [Fact]
    public Task OpenLoop_GrpcDirect_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.GrpcDirect);

    [Fact]
    public Task OpenLoop_GrpcMutualTlsPath_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.GrpcMtls);


    [Fact]
    public async Task MeshPath_Hop_IsPlainText()
    {
        // The other side of the check: without tokens the backend sees no x-forwarded-client-cert, so the check tells
        // the two paths apart.
        using var http = Loopback.CreateClient();

        Assert.Null(await MutualTlsCheck.ForwardedClientCertAsync(http, Path(BenchPath.Mesh).Target));
    }

    [NginxFact]
    public Task OpenLoop_NginxTwoHops_AllRequestsSucceed() => AssertAllSucceedAsync(BenchPath.Nginx);

    [Theory]
    [InlineData(BenchPath.Mesh)]
    [InlineData(BenchPath.GrpcMtls)]
    public async Task ClosedLoop_TwoSidecarPath_AllRequestsSucceed(string name)
    {
        var result = await ClosedLoop.RunAsync(Path(name).Load, connections: 4, TimeSpan.Zero, TimeSpan.FromSeconds(0.5));

        Assert.True(result.Errors == 0, $"{result.Errors} requests failed; the first: {result.FirstError}");
        Assert.True(result.Requests > 0, "no request completed");
    }

    private async Task AssertAllSucceedAsync(string name)
    {
        var result = await OpenLoop.RunAsync(Path(name).Load, Rate, TimeSpan.Zero, TimeSpan.FromSeconds((double)Requests / Rate));

        Assert.True(result.Errors == 0, $"{result.Errors} requests failed; the first: {result.FirstError}");
        Assert.Equal(Requests, result.Requests);
    }

    private BenchPath Path(string name) => fixture.Topology.Paths.Single(p => p.Name == name);
}
