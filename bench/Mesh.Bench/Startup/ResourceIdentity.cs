using System.Globalization;
using Mesh.Bench.AppHosts;
using Mesh.Bench.Measurement;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Startup;

/// <summary>The kinds of process in an AppHost run's timeline.</summary>
internal static class ResourceKind
{
    public const string Launcher = "dotnet run";
    public const string AppHost = "AppHost";
    public const string Orchestrator = "DCP";
    public const string Dashboard = "dashboard";
    public const string ControlPlane = "control plane";
    public const string Sidecar = "sidecar";
    public const string Gateway = "gateway";
    public const string App = "app";
}

/// <summary>
/// Which resource a process of an AppHost run serves, and how to see it come up.
/// </summary>
/// <param name="Name">The resource's name (what the dashboard shows), or the process's for the AppHost's own processes.</param>
/// <param name="Kind">One of <see cref="ResourceKind"/>.</param>
/// <param name="IsLauncher">
/// A <c>dotnet run --no-build</c> that DCP starts for a project resource and that starts the project's program: the
/// resource was launched then, its program started later.
/// </param>
/// <param name="Ports">The ports it listens on once up (its environment names them).</param>
/// <param name="Health">Its health or readiness endpoint, if it has one.</param>
/// <param name="GatewayPort">The ingress gateway's listener, for the gateway only.</param>
/// <param name="Workload">For a sidecar, the resource it serves (<c>Mesh__Workload</c>).</param>
internal sealed record ResourceIdentity(string Name, string Kind, bool IsLauncher, IReadOnlyList<int> Ports, Uri? Health, int? GatewayPort,
    string? Workload = null)
{
    /// <summary>
    /// Tells from its command line and environment (<c>/proc</c>) what <paramref name="process"/> is; null for helpers
    /// that are not part of the timeline (MSBuild nodes of the build check, DCP's per-resource monitors).
    /// Resources carry <c>OTEL_SERVICE_NAME</c> (Aspire sets it to the resource name); the mesh's programs carry the
    /// settings Mesh.Hosting writes (the sidecar's listeners, the control plane's state folder); apps their URLs.
    /// </summary>
    public static ResourceIdentity? Of(ProcessEntry process, IReadOnlyDictionary<string, string> environment, int rootPid, string appHostName)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(environment);
        var program = ProcessNames.Short(process.CommandLine);
        if (process.Pid == rootPid)
        {
            return Plain(ResourceKind.Launcher, ResourceKind.Launcher);
        }

        if (environment.TryGetValue("OTEL_SERVICE_NAME", out var name))
        {
            var launcher = program == "dotnet run";
            if (Port(environment, MeshSettings.Sidecar.AdminPort) is { } admin)
            {
                var inbound = Port(environment, MeshSettings.Sidecar.InboundPort);
                var gateway = environment.TryGetValue(MeshSettings.Sidecar.Mode, out var mode) && mode == "Gateway";
                return new ResourceIdentity(name, gateway ? ResourceKind.Gateway : ResourceKind.Sidecar, launcher,
                    inbound is { } i ? [i, admin] : [admin], Loopback(admin, "/readyz"), gateway ? inbound : null,
                    gateway ? null : environment.GetValueOrDefault(MeshSettings.Sidecar.Workload));
            }

            var ports = UrlPorts(environment);
            var controlPlane = environment.ContainsKey(MeshSettings.ControlPlane.StateDirectory);
            var health = ports.Count == 0 ? null : Loopback(ports[0], controlPlane ? "/healthz" : "/health");
            return new ResourceIdentity(name, controlPlane ? ResourceKind.ControlPlane : ResourceKind.App, launcher, ports, health, null);
        }

        if (program == appHostName)
        {
            return Plain(appHostName, ResourceKind.AppHost);
        }

        if (program is "dcp start-apiserver" or "dcp run-controllers")
        {
            return Plain(program, ResourceKind.Orchestrator);
        }

        return program == "Aspire.Dashboard"
            ? new ResourceIdentity(ResourceKind.Dashboard, ResourceKind.Dashboard, false, UrlPorts(environment), null, null)
            : null;
    }

    private static ResourceIdentity Plain(string name, string kind) => new(name, kind, false, [], null, null);

    private static Uri Loopback(int port, string path) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{path}"));

    private static int? Port(IReadOnlyDictionary<string, string> environment, string key) =>
        environment.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
            ? port
            : null;

    private static List<int> UrlPorts(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("ASPNETCORE_URLS", out var urls)
            ? [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(url => Uri.TryCreate(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : -1)
                .Where(port => port > 0)]
            : [];
}
