using Mesh.Bench.AppHosts;
using Mesh.Bench.Measurement;

namespace Mesh.Bench.Tests.AppHosts;

public sealed class ProcessTreeTests
{
    // An AppHost run as /proc showed it (pids from a real one): dotnet run (its own session) → the AppHost → DCP's API
    // server, detached into a session of its own and re-parented to init, told to monitor the AppHost → DCP's controller,
    // leading the session of everything it starts.
    private static readonly ProcessEntry s_root = new(32173, 1, 32173, 100, false, "dotnet run --project MeshHost.AppHost");
    private static readonly ProcessEntry s_appHost = new(1461, 32173, 32173, 200, false, "/work/MeshHost.AppHost/bin/Debug/net10.0/MeshHost.AppHost");
    private static readonly ProcessEntry s_apiServer = new(1663, 1, 1663, 210, false, "/tools/dcp start-apiserver --monitor 1461 --kubeconfig /tmp/k");
    private static readonly ProcessEntry s_controller = new(1732, 1663, 1732, 220, false, "/tools/dcp run-controllers --kubeconfig /tmp/k --monitor 1663");
    private static readonly ProcessEntry s_sidecar = new(2080, 1732, 1732, 300, false, "/work/mesh/sidecar/Mesh.Sidecar");
    private static readonly ProcessEntry s_app = new(2891, 2418, 1732, 400, false, "/work/Details/bin/Debug/net10.0/Bookinfo.Details");
    private static readonly ProcessEntry s_appLauncher = new(2418, 1732, 1732, 350, false, "dotnet run --project Details.csproj --no-build");
    private static readonly ProcessEntry s_stranger = new(5000, 1, 5000, 150, false, "/tools/dcp start-apiserver --monitor 14610 --kubeconfig /tmp/other");

    [Fact]
    public void Update_AppHostRun_FindsDcpAndEverythingItStarted_InAnyTableOrder()
    {
        var tree = new ProcessTree(s_root.Pid);

        var added = tree.Update([s_app, s_sidecar, s_controller, s_stranger, s_apiServer, s_appLauncher, s_appHost, s_root]);

        Assert.Equal(7, added.Count);
        Assert.DoesNotContain(s_stranger, added);
    }

    [Fact]
    public void Update_SecondReading_ReturnsOnlyNewMembers()
    {
        var tree = new ProcessTree(s_root.Pid);
        tree.Update([s_root, s_appHost]);

        var added = tree.Update([s_root, s_appHost, s_apiServer]);

        Assert.Equal([s_apiServer], added);
    }

    [Fact]
    public void Update_MembersRemembered_AfterTheyExit()
    {
        var tree = new ProcessTree(s_root.Pid);
        tree.Update([s_root, s_appHost]);

        // The AppHost has gone; DCP still says it monitors it, and so still belongs to the run.
        var added = tree.Update([s_apiServer]);

        Assert.Equal([s_apiServer], added);
    }

    [Fact]
    public void Update_ReusedPidOfAMember_IsAnotherProcess()
    {
        var tree = new ProcessTree(s_root.Pid);
        tree.Update([s_root, s_appHost]);
        var reused = s_appHost with { StartTicks = 9000, ParentPid = 1, SessionId = 9000, CommandLine = "/usr/bin/unrelated" };

        Assert.Empty(tree.Update([reused]));
        Assert.Empty(tree.Running([reused]));
    }

    [Fact]
    public void Running_LeavesOutExitedAndZombies()
    {
        var tree = new ProcessTree(s_root.Pid);
        tree.Update([s_root, s_appHost, s_apiServer, s_controller, s_sidecar]);

        var running = tree.Running([s_controller, s_sidecar with { Exited = true }, s_stranger]);

        Assert.Equal([s_controller], running);
    }
}
