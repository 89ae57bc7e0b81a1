using System.Globalization;
using Mesh.Testing;

namespace Mesh.Package.Tests;

/// <summary>
/// The package as users get it: Mesh.Hosting (and Mesh.Model) packed into a local feed, an AppHost outside the
/// repository that references only that package and Aspire's, and its traffic carried by the sidecars the package ships.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(4);

    // A version no earlier run used, so no package cache holds a stale copy of it.
    private readonly string _version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mesh-package-");

    private string Feed => Path.Combine(_root.FullName, "feed");

    private string App => Path.Combine(_root.FullName, "app");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task PackedPackage_AppHostOutsideTheRepository_CarriesItsTrafficThroughTheSidecars()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // The AppHost runs without a dashboard and over plain HTTP, as MeshHost.AppHost's default profile does.
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        };
        // Packages restored for the outside app go to a folder of its own, deleted with it (NUGET_PACKAGES wins over any
        // NuGet.config); what the machine has cached already is used from its cache, not downloaded again. The repository's
        // own commands keep the machine's cache, or they would restore, and so build, everything anew.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var outside = new Dictionary<string, string>(environment) { ["NUGET_PACKAGES"] = Path.Combine(_root.FullName, "packages") };
        var repository = Repository.Root();
        foreach (var project in (string[])["Mesh.Model", "Mesh.Hosting"])
        {
            // In the configuration the tests built, so the build is up to date and packing only collects the files. Not
            // --no-build: the mesh programs join the package's files during a build (IncludeMeshPrograms).
            await DotnetCommand.RunAsync(repository, environment, s_commandTimeout,
                "pack", Path.Combine(repository, project, project + ".csproj"), "-c", "Debug", "-o", Feed, "-p:PackageVersion=" + _version);
        }

        WriteAppHost(cache);
        await DotnetCommand.RunAsync(App, outside, s_commandTimeout, "build", "AppHost/AppHost.csproj", "-p:MeshPackageVersion=" + _version);

        var port = Loopback.GetFreePort();
        using var appHost = DotnetCommand.Start(App, outside, "run", "--no-build", "--project", "AppHost/AppHost.csproj", "--", "--CallerPort=" + port.ToString(CultureInfo.InvariantCulture));
        using var client = Loopback.CreateClient(new Uri($"http://localhost:{port}"));
        string? answer = null;
        using var deadline = new CancellationTokenSource(s_commandTimeout);
        try
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                Assert.False(appHost.HasExited, "the AppHost stopped:\n" + appHost.Output);
                using var response = await client.GetAsync("/call", deadline.Token);
                answer = await response.Content.ReadAsStringAsync(deadline.Token);
                return response.IsSuccessStatusCode;
            }, deadline.Token, TimeSpan.FromSeconds(1));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"caller never answered /call (last answer: {answer}):\n{appHost.Output}");
        }

        // Only the callee's sidecar writes the caller's verified identity, after the mutual TLS hop from the caller's sidecar.
        Assert.Contains("URI=spiffe://cluster.local/ns/default/sa/caller", answer, StringComparison.Ordinal);

        // The package's build targets recorded Greeter's output in the AppHost, so both meshed copies start from it, with
        // no `dotnet run --project .../Greeter.csproj` in front of them.
        var program = Path.Combine(App, "Greeter", "bin", "Debug", "net10.0", OperatingSystem.IsWindows() ? "Greeter.exe" : "Greeter");
        var processes = ProcProcesses.Ids().Select(ProcProcesses.CommandLine).ToList();
        Assert.Equal(2, processes.Count(line => line.StartsWith(program, StringComparison.Ordinal)));
        Assert.DoesNotContain(processes, line => line.Contains("Greeter.csproj", StringComparison.Ordinal));
    }

    private void WriteAppHost(string cache)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "OutsideAppHost");
        string Template(string name) => File.ReadAllText(Path.Combine(templates, name));
        Directory.CreateDirectory(Path.Combine(App, "AppHost"));
        Directory.CreateDirectory(Path.Combine(App, "Greeter"));
        File.WriteAllText(Path.Combine(App, "AppHost", "AppHost.csproj"), Template("AppHost.csproj.txt"));
        File.WriteAllText(Path.Combine(App, "AppHost", "Program.cs"), Template("Program.cs.txt"));
        File.WriteAllText(Path.Combine(App, "Greeter", "Greeter.csproj"), Template("Greeter.csproj.txt"));
        File.WriteAllText(Path.Combine(App, "Greeter", "Program.cs"), Template("Greeter.Program.cs.txt"));

        // The local feed, then nuget.org; the machine's package cache as a fallback folder.
        File.WriteAllText(Path.Combine(App, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{cache}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
    }
}
