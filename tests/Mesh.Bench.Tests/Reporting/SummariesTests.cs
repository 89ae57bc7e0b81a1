using Mesh.Bench.Load;
using Mesh.Bench.Reporting;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests.Reporting;

public sealed class SummariesTests
{
    [Fact]
    public void MutualTls_BothPathsMeasured_SubtractsMeshFromMtlsPerRate()
    {
        IReadOnlyList<RateSummary> rates =
        [
            Rate(BenchPath.Mesh, 1000, p50: 0.70, p99: 5.0, cpu: [0.30, 0.27]),
            Rate(BenchPath.Mtls, 1000, p50: 0.75, p99: 5.2, cpu: [0.33, 0.30]),
            Rate(BenchPath.Mesh, 2000, p50: 0.90, p99: 6.0, cpu: [0.20, 0.20]),
        ];
        IReadOnlyList<MaxSummary> max = [Max(BenchPath.Mesh, 5000), Max(BenchPath.Mtls, 6000)];

        var cost = Summaries.MutualTls(rates, max);

        Assert.NotNull(cost);
        var at = Assert.Single(cost.Rates);
        Assert.Equal(1000, at.Rate);
        Assert.Equal(0.05, at.P50, precision: 9);
        Assert.Equal(0.2, at.P99, precision: 9);
        Assert.Equal(0.57, at.MeshCpuPer1000, precision: 9);
        Assert.Equal(0.63, at.MtlsCpuPer1000, precision: 9);
        Assert.Equal(1.2, cost.MaxRatio!.Value, precision: 9);
    }

    [Fact]
    public void MutualTls_MtlsNotMeasured_IsNull() =>
        Assert.Null(Summaries.MutualTls([Rate(BenchPath.Mesh, 1000, p50: 0.7, p99: 5, cpu: [0.3, 0.3])], [Max(BenchPath.Mesh, 5000)]));

    [Fact]
    public void Added_GrpcPath_IsMeasuredAgainstGrpcDirect()
    {
        IReadOnlyList<RateSummary> rates =
        [
            Rate(BenchPath.Direct, 1000, p50: 0.20, p99: 1.0, cpu: []),
            Rate(BenchPath.GrpcDirect, 1000, p50: 0.40, p99: 2.0, cpu: []),
            Rate(BenchPath.GrpcMtls, 1000, p50: 1.10, p99: 4.5, cpu: [0.3, 0.3]),
        ];

        var added = Summaries.Added(rates);

        var grpc = Assert.Single(added);
        Assert.Equal(BenchPath.GrpcMtls, grpc.Path);
        Assert.Equal(0.7, grpc.P50, precision: 9);
        Assert.Equal(2.5, grpc.P99, precision: 9);
    }

    [Fact]
    public void Max_GrpcPath_IsComparedWithGrpcDirectAndNotWithNginx()
    {
        IReadOnlyList<RunRecord> runs =
        [
            Run(BenchPath.Direct, 20000), Run(BenchPath.Nginx, 10000), Run(BenchPath.Mtls, 5000),
            Run(BenchPath.GrpcDirect, 8000), Run(BenchPath.GrpcMtls, 2000),
        ];

        var max = Summaries.Max(runs, [BenchPath.Direct, BenchPath.Nginx, BenchPath.Mtls, BenchPath.GrpcDirect, BenchPath.GrpcMtls]);

        var grpc = max.Single(m => m.Path == BenchPath.GrpcMtls);
        Assert.Equal(0.25, grpc.RatioToDirect!.Value, precision: 9);
        Assert.Null(grpc.RatioToNginx);
        var mtls = max.Single(m => m.Path == BenchPath.Mtls);
        Assert.Equal(0.25, mtls.RatioToDirect!.Value, precision: 9);
        Assert.Equal(0.5, mtls.RatioToNginx!.Value, precision: 9);
    }

    private static RunRecord Run(string path, double rps) => new(path, "max", 0, 1,
        new LoadResult(0, rps, (long)rps, 0, null, new Percentiles(1, 1, 1, 1, 1), null, 16), [], []);

    private static RateSummary Rate(string path, double rate, double p50, double p99, double[] cpu) => new(path, rate, rate, 0,
        new Percentiles(p50, p50, p99, p99, p99), new Percentiles(0, 0, 0, 0, 0),
        [.. cpu.Select((c, i) => new ProxySummary($"proxy-{i}", c, 100, 100, 0.5))], 1);

    private static MaxSummary Max(string path, double rps) =>
        new(path, rps, null, null, 0, new Percentiles(1, 1, 1, 1, 1), [], 1);
}
