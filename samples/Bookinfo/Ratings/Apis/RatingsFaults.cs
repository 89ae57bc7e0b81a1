using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookinfo.Ratings.Apis;

/// <summary>
/// The misbehaving versions of Istio's ratings image, chosen by SERVICE_VERSION, which Istio's and
/// Kiali's demos use to show outlier detection and error rates: <c>v-faulty</c> fails half the reads
/// with 503, <c>v-delayed</c> delays half of them by 7 s, <c>v-unavailable</c> fails every read during
/// every other minute, and <c>v-unhealthy</c> fails reads and health during every other 15 minutes.
/// Any other version answers normally.
/// </summary>
internal sealed class RatingsFaults(IConfiguration configuration, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan UnavailablePeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UnhealthyPeriod = TimeSpan.FromMinutes(15);

    private readonly string version = configuration["SERVICE_VERSION"] ?? "v1";
    private readonly long started = time.GetTimestamp();

    public bool NextReadFails() => version switch
    {
        "v-faulty" => Random.Shared.NextDouble() < 0.5,
        "v-unavailable" => InOffPeriod(UnavailablePeriod),
        "v-unhealthy" => InOffPeriod(UnhealthyPeriod),
        _ => false,
    };

    public TimeSpan NextReadDelay() =>
        version == "v-delayed" && Random.Shared.NextDouble() < 0.5 ? Delay : TimeSpan.Zero;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(version == "v-unhealthy" && InOffPeriod(UnhealthyPeriod)
            ? HealthCheckResult.Unhealthy("Ratings is not healthy")
            : HealthCheckResult.Healthy("Ratings is healthy"));

    // Istio flips a flag on a timer; counting whole periods since start gives the same square wave.
    private bool InOffPeriod(TimeSpan period) => (long)(time.GetElapsedTime(started) / period) % 2 == 1;
}
