using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using static Mesh.Testing.Snapshots;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>
/// A snapshot the sidecar cannot load is refused with a NACK and the last good one stays in force, on the same stream;
/// a stream line past the bound is dropped with the stream, which is opened again.
/// </summary>
public sealed class SnapshotRefusalTests
{
    [Fact]
    public async Task Snapshot_RateLimitPathRegexTheRuntimeRefuses_IsNackedOnTheSameStream()
    {
        await using var mesh = await StartAsync();
        var limit = new RateLimitConfig
        {
            Name = "ratings",
            Namespace = "default",
            MaxTokens = 1,
            TokensPerFill = 1,
            FillInterval = TimeSpan.FromSeconds(1),
            Paths = [new StringMatchConfig { Kind = MatchKind.Regex, Value = "(?x)/api#x" }],
        };

        mesh.ControlPlane.PushSnapshot(Create("2") with { Config = Config(new InboundConfig { PeerAuthentication = Permissive, RateLimits = [limit] }) });

        Assert.Contains("the x flag (?x)", await RefusalOfSecondAsync(mesh), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_ListTheJsonLeftNull_IsNackedOnTheSameStream()
    {
        await using var mesh = await StartAsync();

        mesh.ControlPlane.WriteLine("""{"type":"snapshot","snapshot":{"version":"2","services":[],"config":{"workload":"reviews-v1","namespace":"default","mode":"Sidecar","destinations":null,"inbound":{"peerAuthentication":{"mode":"Permissive"}}}}}""");

        Assert.StartsWith("the snapshot does not compile", await RefusalOfSecondAsync(mesh), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_LineLongerThanTheBound_DropsTheStreamOpensItAgainAndKeepsServing()
    {
        await using var mesh = await StartAsync();

        mesh.ControlPlane.WriteLine(new string('x', StreamLineReader.DefaultMaxLineBytes + 1));

        await Eventually.WaitUntilAsync(() => mesh.ControlPlane.Registrations.Count >= 2, "the sidecar opens its stream again");
        Assert.Single(mesh.Sidecar.Logs.Matching("stream line longer than 16777216 bytes"));
        Assert.Equal("1", (await mesh.Sidecar.ReadyAsync()).Report.SnapshotVersion);
        mesh.ControlPlane.PushSnapshot(Create("2"));
        await mesh.Sidecar.WaitForSnapshotAsync("2");
    }

    private static PeerAuthenticationConfig Permissive => new() { Mode = MtlsMode.Permissive };

    private static ConfigSnapshot Config(InboundConfig inbound) => new()
    {
        Workload = "reviews-v1",
        Namespace = "default",
        Mode = ProxyMode.Sidecar,
        Destinations = [],
        Inbound = inbound,
    };

    private static async Task<Mesh> StartAsync()
    {
        var controlPlane = await FakeControlPlane.StartAsync();
        var app = await FakeApp.StartAsync("reviews-v1");
        var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");
        controlPlane.PushSnapshot(Create("1"));
        await sidecar.WaitForSnapshotAsync("1");
        return new Mesh(controlPlane, app, sidecar);
    }

    /// <summary>Waits for the NACK of snapshot 2, checks snapshot 1 is still served on the same stream, and returns the reason.</summary>
    private static async Task<string?> RefusalOfSecondAsync(Mesh mesh)
    {
        var report = await mesh.ControlPlane.WaitForReportAsync("reviews-v1", r => r.RejectedVersion == "2", "the sidecar refuses snapshot 2");
        await AssertStillServingAsync(mesh, "1");
        return report.RejectReason;
    }

    private static async Task AssertStillServingAsync(Mesh mesh, string version)
    {
        Assert.Equal(version, (await mesh.Sidecar.ReadyAsync()).Report.SnapshotVersion);
        Assert.Single(mesh.ControlPlane.Registrations);
        Assert.Equal(1, mesh.ControlPlane.OpenStreams);
        Assert.Empty(mesh.Sidecar.Logs.Matching("Unexpected failure"));
        using var response = await mesh.Sidecar.Client.GetAsync(mesh.Sidecar.Inbound);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed record Mesh(FakeControlPlane ControlPlane, FakeApp App, SidecarHost Sidecar) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Sidecar.DisposeAsync();
            await App.DisposeAsync();
            await ControlPlane.DisposeAsync();
        }
    }
}
