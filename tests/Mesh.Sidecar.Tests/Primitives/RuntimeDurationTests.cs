using Mesh.Sidecar.Inbound.RateLimiting;
using Mesh.Sidecar.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Primitives;

public sealed class RuntimeDurationTests
{
    [Fact]
    public void Clamp_DurationsPastTheTimersLimit_AreTheLimit()
    {
        Assert.Equal(RuntimeDuration.Max, RuntimeDuration.Clamp(TimeSpan.FromDays(50)));
        Assert.Equal(RuntimeDuration.Max, RuntimeDuration.Clamp(IstioDuration.Maximum));
        Assert.Equal(TimeSpan.FromHours(1), RuntimeDuration.Clamp(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.Zero, RuntimeDuration.Clamp(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Max_IsTakenByEveryTimerTheSidecarSets()
    {
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(RuntimeDuration.Max);
        using var handler = new SocketsHttpHandler { ConnectTimeout = RuntimeDuration.Max, PooledConnectionLifetime = RuntimeDuration.Max };
        var delay = Task.Delay(RuntimeDuration.Max, cancel.Token);

        Assert.False(delay.IsCompleted);
    }

    [Fact]
    public void TokenBucket_FillIntervalOfCenturies_AnswersARetryAfterTheHeaderCanCarry()
    {
        var bucket = new TokenBucket(1, 1, IstioDuration.Maximum, new FakeTimeProvider());
        Assert.True(bucket.TryTake(out _));

        Assert.False(bucket.TryTake(out var retryAfter));

        Assert.Equal(RuntimeDuration.Max, retryAfter);
    }
}
