using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

/// <summary>The benchmark's sidecar and a variant started twice each beside their real control plane, timed as the start-up mode times them.</summary>
public sealed class SidecarStartupTests
{
    [Fact]
    public async Task MeasureAsync_RealSidecar_ListensThenIsReadyAfterTheControlPlaneAnswered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        // A variant with other settings of the same build, started in turn with the benchmark's own.
        var starts = await SidecarStartup.MeasureAsync(2, [new SidecarVariant("info", null, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" })],
            TextWriter.Null, timeout.Token);

        Assert.Equal([SidecarStartup.DefaultBuild, "info"], starts.Keys.Order());
        Assert.All(starts.Values, build => Assert.Equal(2, build.Count));
        Assert.All(starts.Values.SelectMany(s => s), start =>
        {
            Assert.InRange(start.ListeningMs, 0.001, start.ReadyMs);
            // The relay saw the control plane answer, and that was before the sidecar became ready.
            Assert.NotNull(start.ReadyAfterAnswerMs);
            Assert.InRange(start.ReadyAfterAnswerMs.Value, 0, start.ReadyMs);
        });
    }
}
