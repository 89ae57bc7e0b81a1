using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Model.Registry;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Starts MeshHost.AppHost (Bookinfo on the mesh) once for a test collection, and waits until every
/// workload serves through the mesh. Start-up on a 2-core CI machine takes tens of seconds, hence the
/// generous timeouts.
/// </summary>
public class BookinfoFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    public static readonly string[] Workloads = [.. BookinfoWorkloads.Names];

    /// <summary>How often tests poll the mesh: a dozen processes share 2 cores, so four times a second, not Eventually's default.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Every mesh proxy: the workloads' sidecars and the ingress gateway.</summary>
    public static readonly string[] Proxies = [.. Workloads, "gateway"];

    private readonly string[] _args;

    public BookinfoFixture() : this([])
    {
    }

    protected BookinfoFixture(string[] args)
    {
        // Each run gets its own config folder (a copy of the AppHost's) and state folder, so tests that save
        // files or apply resources never touch the repository or leak into the next run.
        Workspace = Directory.CreateTempSubdirectory("mesh-it-").FullName;
        ConfigDirectory = Path.Combine(Workspace, "config");
        Directory.CreateDirectory(ConfigDirectory);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root(), "MeshHost.AppHost", "mesh"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(ConfigDirectory, Path.GetFileName(file)));
        }

        _args = [.. args, "--Mesh:ConfigDirectory=" + ConfigDirectory, "--Mesh:StateDirectory=" + Path.Combine(Workspace, "state")];
    }

    public string Workspace { get; }

    public string ConfigDirectory { get; }

    public MeshClient Mesh { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>A property of a resource's current dashboard snapshot (e.g. <c>mesh.build</c>), or null.</summary>
    public string? ResourceProperty(string resource, string name) => ResourceSnapshots.Property(App, resource, name);

    public HttpClient ProductPage { get; private set; } = null!;

    protected virtual bool MeshEnabled => true;

    /// <summary>Adjusts the AppHost's model before it is built (e.g. where a process exports its telemetry).</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        using var cancel = new CancellationTokenSource(StartTimeout);
        // With the dashboard on, every process exports telemetry somewhere real: with it off, each one's
        // OpenTelemetry exporter retries a dead OTLP endpoint and needs ~10 s to shut down, longer than
        // Aspire's stop command waits.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MeshHost_AppHost>(
            _args, (options, _) => options.DisableDashboard = false, cancel.Token);
        // The test host copies every resource's console output into its own log: on 2 cores that copying costs
        // CPU the apps need. Warnings still show; ResourceLogRecorder reads whole logs when a test wants them.
        builder.Services.AddLogging(logging => logging.AddFilter("MeshHost.AppHost.Resources", LogLevel.Warning));
        Configure(builder);
        App = await builder.BuildAsync(cancel.Token);
        await App.StartAsync(cancel.Token);

        foreach (var workload in Workloads)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(workload, WaitBehavior.StopOnResourceUnavailable, cancel.Token);
        }

        ProductPage = App.CreateHttpClient("productpage", "http");
        ProductPage.Timeout = TimeSpan.FromSeconds(30);
        if (MeshEnabled)
        {
            Mesh = App.CreateMeshClient();
            await Eventually.WaitUntilAsync(async () =>
            {
                var registered = (await GetRegistryAsync(cancel.Token)).Select(e => e.Registration.Workload).ToHashSet(StringComparer.Ordinal);
                return Proxies.All(registered.Contains);
            }, cancel.Token, PollInterval);
        }

        // Debug apps compile each code path on first use: on 2 shared cores a first page can miss productpage's 3 s
        // budget for details or reviews. The tests judge the mesh, not a cold start (bench/ measures the first pages
        // after start-up), so they begin once a complete page has been served.
        await Eventually.WaitUntilAsync(() => IsCompletePageAsync(cancel.Token), cancel.Token, PollInterval);
    }

    private async Task<bool> IsCompletePageAsync(CancellationToken cancellationToken)
    {
        try
        {
            var html = await ProductPage.GetStringAsync("/productpage", cancellationToken);
            return html.Contains("William Shakespeare", StringComparison.Ordinal) && html.Contains("Reviewer1", StringComparison.Ordinal)
                && !html.Contains("Error fetching", StringComparison.Ordinal) && !html.Contains("currently unavailable", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        ProductPage?.Dispose();
        Mesh?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file for a moment; the folder is in the temp directory anyway.
        }
    }

    public HttpClient AdminClient(string resource, string endpoint) => Loopback.CreateClient(App.GetEndpoint(resource, endpoint));

    /// <summary>A client of the ingress gateway's external endpoint, once the gateway routes the product page.</summary>
    public async Task<HttpClient> GatewayClientAsync(CancellationToken cancellationToken)
    {
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancellationToken);
        var gateway = App.CreateHttpClient("gateway", MeshGatewayResource.HttpEndpointName);
        gateway.Timeout = TimeSpan.FromSeconds(30);
        // The gateway is healthy once it has a snapshot; productpage may join the registry a moment later.
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await gateway.GetAsync("/productpage", cancellationToken);
            return response.IsSuccessStatusCode;
        }, cancellationToken, PollInterval);
        return gateway;
    }

    public Task<IReadOnlyList<RegistryEntry>> GetRegistryAsync(CancellationToken cancellationToken) =>
        Mesh.GetRegistryAsync(cancellationToken);
}

/// <summary>The same AppHost with the mesh switched off.</summary>
public sealed class BookinfoWithoutMeshFixture() : BookinfoFixture(["--Mesh:Enabled=false"])
{
    protected override bool MeshEnabled => false;
}

[CollectionDefinition(Name)]
public sealed class BookinfoTestGroup : ICollectionFixture<BookinfoFixture>
{
    public const string Name = "Bookinfo on the mesh";
}
