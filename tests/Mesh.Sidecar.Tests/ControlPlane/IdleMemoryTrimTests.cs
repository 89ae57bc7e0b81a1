using Mesh.Sidecar.ControlPlane;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.ControlPlane;

public sealed class IdleMemoryTrimTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void QuietSpell_NoRequestSinceStart_NeverTrims()
    {
        // The start's own trim covers the sidecar that has carried nothing.
        var quiet = new IdleMemoryTrim.QuietSpell(0, _time.GetTimestamp());

        Assert.False(ReadAfter(quiet, 0, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void QuietSpell_TrafficThenQuiet_TrimsOnceAfterTheQuietTime()
    {
        var quiet = new IdleMemoryTrim.QuietSpell(0, _time.GetTimestamp());
        Assert.False(ReadAfter(quiet, 40, TimeSpan.FromSeconds(2)));

        Assert.False(ReadAfter(quiet, 40, IdleMemoryTrim.QuietFor - TimeSpan.FromSeconds(1)));
        Assert.True(ReadAfter(quiet, 40, TimeSpan.FromSeconds(1)));
        // Still quiet: once per quiet spell.
        Assert.False(ReadAfter(quiet, 40, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void QuietSpell_SteadyTraffic_NeverTrims_ThenTrimsWhenItStops()
    {
        var quiet = new IdleMemoryTrim.QuietSpell(0, _time.GetTimestamp());
        for (var requests = 100; requests <= 3000; requests += 100)
        {
            Assert.False(ReadAfter(quiet, requests, IdleMemoryTrim.Every));
        }

        Assert.False(ReadAfter(quiet, 3000, IdleMemoryTrim.QuietFor - IdleMemoryTrim.Every));
        Assert.True(ReadAfter(quiet, 3000, IdleMemoryTrim.Every));
        // A new burst, a new quiet spell, a new trim.
        Assert.False(ReadAfter(quiet, 3001, IdleMemoryTrim.Every));
        Assert.True(ReadAfter(quiet, 3001, IdleMemoryTrim.QuietFor));
    }

    [Fact]
    public async Task MemoryTrims_RunInTheSidecarsOwnProcess_NotInAHostSharingIt()
    {
        // Both act on the whole process (a compacting collection, the program image's pages).
        string[] args = ["--Mesh:ControlPlane=http://localhost:5100", "--Mesh:Workload=reviews-v2", "--Mesh:Service=reviews",
            "--Mesh:App=http://localhost:5200", "--Mesh:Listeners:Inbound=0", "--Mesh:Listeners:Admin=0"];
        await using var program = SidecarApp.BuildProgram(args);
        await using var hosted = SidecarApp.Build(args);

        Assert.Equal([typeof(StartupMemoryTrim), typeof(IdleMemoryTrim)], MemoryTrims(program));
        Assert.Empty(MemoryTrims(hosted));
    }

    private static Type[] MemoryTrims(WebApplication app) =>
        [.. app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType())
            .Where(t => t == typeof(StartupMemoryTrim) || t == typeof(IdleMemoryTrim))];

    private bool ReadAfter(IdleMemoryTrim.QuietSpell quiet, long requests, TimeSpan wait)
    {
        _time.Advance(wait);
        return quiet.ShouldTrim(requests, _time.GetTimestamp(), _time);
    }
}
