using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Tests.Harness;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>The renewal's retry schedule, on a fake clock.</summary>
public sealed class CertificateRenewerTests
{
    [Fact]
    public async Task CreateRetryPipeline_RequestsFail_RetriesAfter1sDoublingTo15sUntilOneSucceeds()
    {
        var time = new ObservedTimeProvider();
        var start = time.GetUtcNow();
        var tries = new List<double>();
        var logged = new List<(string Reason, TimeSpan Retry)>();
        var renewAt = start.AddHours(12);

        var renewal = CertificateRenewer.CreateRetryPipeline(time, (ex, retry) => logged.Add((ex.Message, retry))).ExecuteAsync(_ =>
        {
            tries.Add((time.GetUtcNow() - start).TotalSeconds);
            return tries.Count switch
            {
                // A request that timed out is retried like any other failure: only stopping ends the retries.
                3 => throw new TaskCanceledException("timed out"),
                < 7 => throw new HttpRequestException("Connection refused"),
                _ => ValueTask.FromResult(renewAt),
            };
        }, CancellationToken.None);
        var waits = await time.RunTimersAsync(6);

        Assert.Equal(renewAt, await renewal);
        Assert.Equal([1, 2, 4, 8, 15, 15], waits.Select(w => w.TotalSeconds));
        Assert.Equal([0, 1, 3, 7, 15, 30, 45], tries);
        Assert.Equal([1, 2, 4, 8, 15, 15], logged.Select(l => l.Retry.TotalSeconds));
        Assert.Equal("timed out", logged[2].Reason);
    }

    [Fact]
    public async Task CreateRetryPipeline_FailsWhileStopping_GivesUpWithoutRetry()
    {
        var logged = 0;
        using var stop = new CancellationTokenSource();

        var renewal = CertificateRenewer.CreateRetryPipeline(new FakeTimeProvider(), (_, _) => logged++).ExecuteAsync<DateTimeOffset>(_ =>
        {
            stop.Cancel();
            throw new HttpRequestException("Connection refused");
        }, stop.Token);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await renewal);
        Assert.Equal(0, logged);
    }
}
