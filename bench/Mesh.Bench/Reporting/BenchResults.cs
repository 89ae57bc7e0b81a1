using Mesh.Bench.Load;
using Mesh.Bench.Measurement;

namespace Mesh.Bench.Reporting;

/// <summary>Everything one benchmark run produced: latest.json is this, serialized.</summary>
internal sealed record BenchResults(
    string? Label,
    DateTimeOffset Date,
    MachineInfo Machine,
    BenchSettingsView Settings,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<RateSummary> Rates,
    IReadOnlyList<MaxSummary> Max,
    IReadOnlyList<AddedLatency> Added,
    string LoadAverageAtEnd,
    MutualTlsCost? MutualTls,
    IReadOnlyList<ProcessMemory>? Idle = null,
    double? ControlPlaneRssMiB = null);

/// <summary>A process's resident memory at one moment, in MiB.</summary>
internal sealed record ProcessMemory(string Process, double RssMiB);

/// <summary>The settings as stored (durations in seconds).</summary>
internal sealed record BenchSettingsView(
    IReadOnlyList<double> Rates, double DurationSeconds, double WarmupSeconds, int Repetitions, bool MaxThroughput, int Connections,
    double MaxDurationSeconds, double InitialWarmupSeconds, IReadOnlyList<string> Paths, IReadOnlyDictionary<string, string> SidecarEnvironment,
    int BodyBytes)
{
    public static BenchSettingsView From(BenchSettings settings, IReadOnlyList<string> paths, int bodyBytes) => new(
        settings.Rates, settings.Duration.TotalSeconds, settings.Warmup.TotalSeconds, settings.Repetitions, settings.MaxThroughput,
        settings.Connections, settings.MaxDuration.TotalSeconds, settings.InitialWarmup.TotalSeconds, paths, settings.SidecarEnvironment,
        bodyBytes);
}

/// <summary>One measured run: a path at a rate (or at maximum throughput) in one repetition.</summary>
/// <param name="Mode"><c>rate</c> (open loop) or <c>max</c> (closed loop).</param>
/// <param name="Proxies">The path's proxy processes, in hop order.</param>
/// <param name="Others">The backend, the control plane and the load generator itself.</param>
internal sealed record RunRecord(string Path, string Mode, double TargetRate, int Repetition, LoadResult Load,
    IReadOnlyList<ResourceUse> Proxies, IReadOnlyList<ResourceUse> Others);

/// <summary>Medians across repetitions of one path at one open-loop rate.</summary>
internal sealed record RateSummary(string Path, double Rate, double AchievedRate, long Errors, Percentiles Latency, Percentiles SendLag,
    IReadOnlyList<ProxySummary> Proxies, double ClientCpuPer1000);

/// <summary>Medians across repetitions of one path's closed-loop runs.</summary>
internal sealed record MaxSummary(string Path, double RequestsPerSecond, double? RatioToDirect, double? RatioToNginx, long Errors,
    Percentiles Latency, IReadOnlyList<ProxySummary> Proxies, double ClientCpuPer1000);

/// <summary>One proxy process's medians: CPU seconds per 1000 requests (= cores per 1000 req/s), its kernel share, and memory.</summary>
internal sealed record ProxySummary(string Process, double CpuPer1000, double RssMiB, double HwmMiB, double SystemShare);

/// <summary>Istio's "added latency": the path's percentile minus direct's at the same rate (medians), in ms.</summary>
internal sealed record AddedLatency(string Path, double Rate, double P50, double P90, double P99, double P999);

/// <summary>
/// What mutual TLS adds over the plain mesh path (the same two sidecars, same programs): the <c>mtls</c> path's medians
/// minus the <c>mesh</c> path's at each rate, and the ratio of their maximum throughputs. Null unless both were measured.
/// </summary>
/// <param name="MaxRatio">mtls maximum throughput ÷ mesh maximum throughput (null without closed-loop runs).</param>
internal sealed record MutualTlsCost(IReadOnlyList<MutualTlsAdded> Rates, double? MeshMax, double? MtlsMax, double? MaxRatio);

/// <summary>mtls minus mesh at one rate, in ms, and both sidecars' CPU together on each path (CPU seconds per 1000 requests).</summary>
internal sealed record MutualTlsAdded(double Rate, double P50, double P90, double P99, double P999, double MeshCpuPer1000, double MtlsCpuPer1000);
