using Aspire.Hosting;
using k8s.Models;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Hosting.Tests.Publishing;

public sealed class PublishEdgeTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("mesh-publish-edge-");
    private readonly LogCapture _logs = new();

    private string Kubernetes => Path.Combine(_output.FullName, "kubernetes");

    public void Dispose() => _output.Delete(recursive: true);

    [Fact]
    public async Task Publish_InvalidConfiguration_FailsNamingTheSourceDocumentAndField()
    {
        const string invalid = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v9}
            """;

        var error = await Record.ExceptionAsync(() => PublishAsync(mesh => mesh.WithConfiguration(invalid)));

        var message = (error?.InnerException ?? error)?.ToString() ?? string.Join("\n", _logs.Lines.Select(static l => l.Message + l.Exception));
        Assert.Contains("apphost: document 1 (VirtualService default/reviews): spec.http[0].route[0].destination.subset", message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Kubernetes, "mesh-config.yaml")));
    }

    [Fact]
    public async Task Publish_MeshSwitchedOff_WritesNoKubernetesFolder()
    {
        await PublishAsync(static _ => { }, "--Mesh:Enabled=false");

        Assert.True(File.Exists(Path.Combine(_output.FullName, "aspire-manifest.json")));
        Assert.False(Directory.Exists(Kubernetes));
        Assert.Empty(_logs.Matching("azd will not enforce"));
    }

    [Fact]
    public async Task Publish_WhatIstioCannotExpress_IsReportedNotDropped()
    {
        const string limit = """
            apiVersion: mesh.dev/v1alpha1
            kind: LocalRateLimit
            metadata:
              name: per-caller
            spec:
              targetRef: {kind: Service, name: ratings.default.svc.cluster.local}
              tokenBucket: {maxTokens: 2, fillInterval: 1m}
              perSource: true
              match:
                paths: [{prefix: /ratings}]
            """;

        await PublishAsync(mesh => mesh.WithConfiguration(limit).WithFaultHeaders());

        var warnings = _logs.Matching("kubernetes/: ").Select(static l => l.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("LocalRateLimit default/per-caller: perSource", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("LocalRateLimit default/per-caller: match.paths", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("fault headers", StringComparison.Ordinal));
        Assert.Single(_logs.Matching("azd will not enforce mesh feature fault headers"));

        // The Service it targets becomes the selector, in the Service's namespace; the bucket is kept, Envoy's default fill of 1.
        var filter = File.ReadAllText(Path.Combine(Kubernetes, "rate-limits.yaml"));
        Assert.Contains("app: ratings", filter, StringComparison.Ordinal);
        Assert.Contains("tokens_per_fill: 1", filter, StringComparison.Ordinal);
        Assert.Contains("fill_interval: 60s", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_HttpRouteBackendsNamingVersions_GetAServiceEach()
    {
        const string route = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: productpage
            spec:
              parentRefs: [{group: "", kind: Service, name: productpage, port: 9080}]
              rules:
              - backendRefs: [{name: productpage-v1, port: 9080}]
            """;

        await PublishAsync(mesh => mesh.WithConfiguration(route));

        var services = PublishedFiles.Objects(File.ReadAllText(Path.Combine(Kubernetes, "services.yaml"))).Cast<V1Service>().ToDictionary(static s => s.Metadata.Name);
        Assert.Equal("v1", services["productpage-v1"].Spec.Selector["version"]);
        Assert.Contains(services["productpage-v1"].Spec.Ports, static p => p.Port == 9080);
        Assert.Contains(services["productpage"].Spec.Ports, static p => p.Port == 9080);
    }

    [Fact]
    public async Task Publish_EnvironmentWithoutACounterpart_IsReportedAndLeftOut()
    {
        var builder = TestModel.Bookinfo("--publisher", "manifest", "--output-path", Path.Combine(_output.FullName, "aspire-manifest.json"));
        var secret = builder.AddParameter("api-key", secret: true);
        var details = builder.Resources.OfType<Aspire.Hosting.ApplicationModel.ProjectResource>().Single(static r => r.Name == "details");
        builder.CreateResourceBuilder(details).WithEnvironment("API_KEY", secret);
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs);
        await using (var app = builder.Build())
        {
            await app.RunAsync();
        }

        Assert.Single(_logs.Matching("kubernetes/: details: environment variable API_KEY not written"));
        Assert.DoesNotContain("API_KEY", File.ReadAllText(Path.Combine(Kubernetes, "deployments.yaml")), StringComparison.Ordinal);
    }

    private Task PublishAsync(Action<Aspire.Hosting.ApplicationModel.IResourceBuilder<Aspire.Hosting.ApplicationModel.MeshResource>> configure, params string[] args) =>
        PublishedBookinfo.PublishAsync(configure, _output.FullName, _logs, args);
}
