using Mesh.Model.Conventions;
using Mesh.Testing;

namespace MeshHost.IntegrationTests;

/// <summary>
/// The sidecars, the gateway and the control plane run the optimized build Mesh.Hosting shipped (Native AOT where the
/// toolchain was there, ReadyToRun otherwise), whatever the AppHost's configuration, and the dashboard says which; the
/// meshed apps start from their build output, without a `dotnet run` in front of each.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class MeshProgramsTests(BookinfoFixture fixture)
{
    [Fact]
    public async Task EveryMeshResource_RunsTheShippedOptimizedBuild_AndTheDashboardSaysWhich()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var sidecar = Shipped("sidecar", "Mesh.Sidecar");
        var controlPlane = Shipped("controlplane", "Mesh.ControlPlane");
        Assert.NotEqual(MeshProgramBuild.Managed, sidecar.Build);
        if (Environment.GetEnvironmentVariable("MeshProgramsBuild") == nameof(MeshProgramBuild.NativeAot))
        {
            // .ci/run installs the toolchain and asks for Native AOT: CI tests what users with the toolchain run.
            Assert.Equal(MeshProgramBuild.NativeAot, sidecar.Build);
        }

        var proxies = BookinfoFixture.Workloads.Select(w => $"{w}-sidecar").Append("gateway");
        foreach (var (resource, program) in proxies.Select(p => (p, sidecar)).Append(("mesh", controlPlane)))
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(Property(resource, "mesh.build") == MeshProgram.Describe(program.Build)),
                cancel.Token, BookinfoFixture.PollInterval);
            Assert.Equal(program.Command, Property(resource, "executable.path"));
        }
    }

    [Fact]
    public async Task EveryProxy_LeavesTheMachineTrustStoreOut_AndStillSpeaksMutualTls()
    {
        // Mesh.Hosting gives every proxy http addresses only (app, control plane, the dashboard's OTLP endpoint under the
        // default launch profile), so none reads the machine's roots (Mesh.Sidecar's Identity/MachineTrustStore); the
        // mutual TLS tests show their handshakes need none.
        var proxies = BookinfoFixture.Workloads.Select(w => $"{w}-sidecar").Append("gateway").ToArray();
        await using var logs = new ResourceLogRecorder(fixture.App, proxies);
        foreach (var proxy in proxies)
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(logs.Saw(proxy, "Machine trust store: left out")),
                $"{proxy} logged that it left the machine's trust store out", TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task EveryMeshedApp_StartsFromItsBuildOutput_NotThroughDotnetRun()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var app in BookinfoFixture.Workloads)
        {
            // reviews-v1..v3 are one project.
            var project = "Bookinfo." + app.Split('-')[0] switch { "productpage" => "ProductPage", var name => char.ToUpperInvariant(name[0]) + name[1..] };
            await Eventually.WaitUntilAsync(() => Task.FromResult(Property(app, "executable.path") is not null), cancel.Token, BookinfoFixture.PollInterval);
            var path = Property(app, "executable.path")!;
            // The project's own program, as its build put it in the bin folder beside its assembly; `dotnet run` would show "dotnet".
            Assert.Equal(OperatingSystem.IsWindows() ? project + ".exe" : project, Path.GetFileName(path));
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, project + ".dll")), $"{app} runs {path}, which has no assembly beside it");
            Assert.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        }
    }

    private static MeshProgram Shipped(string folder, string name) =>
        MeshProgram.Find(Path.Combine(AppContext.BaseDirectory, "mesh", folder), name)
        ?? throw new FileNotFoundException($"{name} is not beside the tests in mesh/{folder}");

    private string? Property(string resource, string name) => fixture.ResourceProperty(resource, name);
}
