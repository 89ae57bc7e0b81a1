using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>Mirrors are bounded: a silent mirror holds at most so many copies, and a copy carries no hop-by-hop header.</summary>
public sealed class MirrorLimitsTests
{
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2"];

    // Istio's mirroring task, as MirrorTests runs it: reviews v1 answers, v2 gets the copies.
    private const string Config = MirrorTests.Config;

    [Fact]
    public async Task Mirror_SilentMirror_HoldsAtMostTheBoundAndCountsTheRestAsOverflow()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);
        var release = new TaskCompletionSource();
        mesh["reviews-v2"].Handler = Upstreams.Held(release.Task, "reviews-v2");
        const int Extra = 6;

        for (var i = 0; i < MirrorSender.MaxInFlight + Extra; i++)
        {
            Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());
        }

        var mirror = mesh.Sidecar.Services.GetRequiredService<TrafficStats>().ForService("reviews").ForWorkload("reviews-v2");
        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == MirrorSender.MaxInFlight, "the held copies reach the mirror");
        Assert.Equal(MirrorSender.MaxInFlight, mirror.Active);
        Assert.Equal(Extra, mirror.Read().ResponseFlags["UO"]);
        release.SetResult();
        await Eventually.WaitUntilAsync(() => mirror.Active == 0, "the held copies finish");
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());
        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == MirrorSender.MaxInFlight + 1, "copies flow again");
    }

    [Fact]
    public async Task Mirror_Copy_CarriesNoHopByHopHeader()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/", ("Proxy-Authorization", "Basic c2VjcmV0"), ("Connection", "x-hop"), ("x-hop", "1"),
            ("Keep-Alive", "timeout=5"), ("end-user", "jason")));

        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == 1, "the mirror receives its copy");
        var copy = mesh["reviews-v2"].Received[0].Headers;
        Assert.Equal("jason", copy["end-user"]);
        Assert.DoesNotContain("Proxy-Authorization", copy.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("x-hop", copy.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("Keep-Alive", copy.Keys, StringComparer.OrdinalIgnoreCase);
    }
}
