using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

/// <summary>The benchmark's sidecar started twice beside its real control plane, timed as the start-up mode times it.</summary>
public sealed class SidecarStartupTests
{
    [Fact]
    public async Task MeasureAsync_RealSidecar_ListensThenIsReadyAfterTheControlPlaneAnswered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var starts = await SidecarStartup.MeasureAsync(2, TextWriter.Null, timeout.Token);

        Assert.Equal(2, starts.Count);
        Assert.All(starts, start =>
        {
            Assert.InRange(start.ListeningMs, 0.001, start.ReadyMs);
            // The relay saw the control plane answer, and that was before the sidecar became ready.
            Assert.NotNull(start.ReadyAfterAnswerMs);
            Assert.InRange(start.ReadyAfterAnswerMs.Value, 0, start.ReadyMs);
        });
    }
}
