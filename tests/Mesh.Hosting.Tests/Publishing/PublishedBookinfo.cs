using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.State;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Hosting.Tests.Publishing;

/// <summary>
/// Bookinfo published once for a test class, through Aspire's real manifest pipeline, with configuration from all three
/// sources: the AppHost's C#, a config folder (MeshHost.AppHost's own files plus a JSON one), and a saved run-time
/// change that replaces a resource of the C#.
/// </summary>
public sealed class PublishedBookinfo : IAsyncLifetime
{
    /// <summary>In C#: an authorization policy, a local rate limit, and a route the run-time change replaces.</summary>
    public const string Inline = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: ratings-viewer
        spec:
          selector:
            matchLabels:
              app: ratings
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/bookinfo-reviews"]
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: LocalRateLimit
        metadata:
          name: ratings
        spec:
          selector:
            matchLabels:
              app: ratings
          tokenBucket:
            maxTokens: 10
            tokensPerFill: 5
            fillInterval: 1500ms
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
        """;

    /// <summary>A config file in JSON: the mesh-wide peer authentication.</summary>
    public const string PeerAuthenticationJson = """
        {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication",
         "metadata": {"name": "default", "namespace": "istio-system"},
         "spec": {"mtls": {"mode": "STRICT"}}}
        """;

    /// <summary>The saved run-time change: reviews split between v1 and v3, replacing the C# route.</summary>
    public const string RuntimeChange = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews.default]
          http:
          - route:
            - destination: {host: reviews, subset: v1}
              weight: 50
            - destination: {host: reviews.default.svc.cluster.local, subset: v3}
              weight: 50
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mesh-publish-");

    public LogCapture Logs { get; } = new();

    public string ConfigDirectory => Path.Combine(_root.FullName, "config");

    public string StateDirectory => Path.Combine(_root.FullName, "state");

    public string Output => Path.Combine(_root.FullName, "out");

    public string Kubernetes => Path.Combine(Output, "kubernetes");

    public string File(string name) => System.IO.File.ReadAllText(Path.Combine(Kubernetes, name));

    /// <summary>The texts of every source, in the order the control plane layers them.</summary>
    public IEnumerable<(string Text, string Source)> Sources() =>
        new[] { (Inline, "apphost") }
            .Concat(Directory.GetFiles(ConfigDirectory).Order(StringComparer.Ordinal).Select(static f => (System.IO.File.ReadAllText(f), f)))
            .Append((RuntimeChange, "request"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ConfigDirectory);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root(), "MeshHost.AppHost", "mesh"), "*.yaml"))
        {
            System.IO.File.Copy(file, Path.Combine(ConfigDirectory, Path.GetFileName(file)));
        }

        await System.IO.File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "peer-authentication.json"), PeerAuthenticationJson);
        Directory.CreateDirectory(StateDirectory);
        await System.IO.File.WriteAllBytesAsync(Path.Combine(StateDirectory, RuntimeChangeLogFormat.FileName), RuntimeChangeLogFormat.Line(Mesh.Model.State.RuntimeChange.Apply(RuntimeChange)));

        await PublishAsync(mesh => mesh.WithConfigDirectory(ConfigDirectory).WithConfiguration(Inline), Output, Logs, "--Mesh:StateDirectory=" + StateDirectory);
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Publishes Bookinfo's model to <paramref name="output"/> as <c>--publisher manifest</c> does.</summary>
    public static async Task PublishAsync(Action<IResourceBuilder<MeshResource>> configure, string output, LogCapture logs, params string[] args)
    {
        var builder = TestModel.Bookinfo(configure, ["--publisher", "manifest", "--output-path", Path.Combine(output, "aspire-manifest.json"), .. args]);
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = builder.Build();
        await app.RunAsync(cancel.Token);
    }
}
