using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests;

public sealed class BenchSettingsTests
{
    [Fact]
    public void Paths_Default_IncludeMtls() => Assert.Contains(BenchPath.Mtls, new BenchSettings().Paths);

    [Fact]
    public void Parse_PathsMeshAndMtls_SelectsBoth() =>
        Assert.Equal([BenchPath.Mesh, BenchPath.Mtls], BenchSettings.Parse(["--paths", "mesh,mtls"]).Paths);

    [Fact]
    public void Parse_UnknownPath_Throws() =>
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--paths", "mesh,tls"]));

    [Fact]
    public void Parse_NoPartNamed_RunsAll() => Assert.Equal(BenchSections.All, BenchSettings.Parse([]).Sections);

    [Fact]
    public void Parse_Paths_RunsOnlyTheDataPath() =>
        Assert.Equal(BenchSections.DataPath, BenchSettings.Parse(["--paths", "mesh,mtls", "--reps", "1"]).Sections);

    [Fact]
    public void Parse_E2eAndStartup_RunsThoseTwo() =>
        Assert.Equal(BenchSections.EndToEnd | BenchSections.Startup, BenchSettings.Parse(["--e2e", "--startup"]).Sections);

    [Fact]
    public void Parse_EndToEndOptions_AreRead()
    {
        var settings = BenchSettings.Parse(["--e2e", "--e2e-warmup", "3", "--e2e-duration", "20", "--e2e-inflight", "8"]);

        Assert.Equal(BenchSections.EndToEnd, settings.Sections);
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), 8), (settings.EndToEndWarmup, settings.EndToEndDuration, settings.EndToEndInFlight));
    }

    [Fact]
    public void Parse_Defaults_AreTheIssuesMeasurement()
    {
        var settings = new BenchSettings();

        Assert.Equal(4, settings.EndToEndInFlight);
        Assert.Equal(3, settings.Repetitions);
        Assert.Equal(20, settings.StartupPages);
    }

    [Fact]
    public void Parse_Quick_ShortensEveryPart()
    {
        var settings = BenchSettings.Parse(["--quick"]);

        Assert.Equal(1, settings.Repetitions);
        Assert.True(settings.EndToEndDuration < new BenchSettings().EndToEndDuration);
        Assert.True(settings.StartupPages < new BenchSettings().StartupPages);
        Assert.True(settings.SidecarStarts < new BenchSettings().SidecarStarts);
    }

    [Theory]
    [InlineData("--e2e-inflight", "0")]
    [InlineData("--startup-pages", "-3")]
    [InlineData("--sidecar-starts", "many")]
    public void Parse_CountBelowOne_NamesTheOptionAndTheValue(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchSettings.Parse([option, value]));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ZeroMeasuredWindow_Throws() =>
        Assert.Contains("--e2e-duration", Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--e2e-duration", "0"])).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_NotANumber_SaysSo() =>
        Assert.Contains("'soon' is not a number", Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--e2e-warmup", "soon"])).Message, StringComparison.Ordinal);
}
