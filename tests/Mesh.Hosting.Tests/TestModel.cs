using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Hosting.Tests;

/// <summary>A project resource that never runs: app-model tests start no process.</summary>
internal sealed class FakeProject : IProjectMetadata
{
    public string ProjectPath => Path.Combine(AppContext.BaseDirectory, "Fake", "Fake.csproj");
}

/// <summary>Builds AppHost models in memory and evaluates what the orchestrator would give each process.</summary>
internal static class TestModel
{
    public static IDistributedApplicationBuilder CreateBuilder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });

    public static IResourceBuilder<ProjectResource> AddApp(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddProject<FakeProject>(name, launchProfileName: null).WithHttpEndpoint(name: "http");

    /// <summary>The Bookinfo topology of MeshHost.AppHost, on fake projects.</summary>
    public static IDistributedApplicationBuilder Bookinfo(params string[] args) => Bookinfo(static _ => { }, args);

    /// <summary>The Bookinfo topology, with the mesh configured by <paramref name="configureMesh"/>.</summary>
    public static IDistributedApplicationBuilder Bookinfo(Action<IResourceBuilder<MeshResource>> configureMesh, params string[] args)
    {
        var builder = CreateBuilder(args);
        var mesh = builder.AddMesh("mesh");
        configureMesh(mesh);
        var details = builder.AddApp("details").WithSidecar(mesh, serviceAccount: "bookinfo-details");
        var ratings = builder.AddApp("ratings").WithSidecar(mesh, serviceAccount: "bookinfo-ratings");
        var reviews = mesh.AddService("reviews");
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            var app = builder.AddApp($"reviews-{version}").WithSidecar(mesh, reviews, version: version, serviceAccount: "bookinfo-reviews")
                .WithEnvironment("SERVICE_VERSION", version);
            if (version != "v1")
            {
                app.WithReference(ratings);
            }
        }

        mesh.AddGateway("gateway");
        builder.AddApp("productpage").WithSidecar(mesh, serviceAccount: "bookinfo-productpage")
            .WithReference(details).WithReference(reviews);
        return builder;
    }

    /// <summary>Builds the app and runs the mesh's start-time wiring as BeforeStart would.</summary>
    public static DistributedApplicationModel BuildAndWire(this IDistributedApplicationBuilder builder)
    {
        var app = builder.Build();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        MeshWiring.Wire(model);
        return model;
    }

    public static T Get<T>(this DistributedApplicationModel model, string name) where T : IResource =>
        model.Resources.OfType<T>().Single(r => r.Name == name);

    /// <summary>The environment as the orchestrator computes it, before values are resolved.</summary>
    public static async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource, DistributedApplicationOperation operation = DistributedApplicationOperation.Run)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(operation), resource, new Dictionary<string, object>());
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    /// <summary>
    /// The dashboard's display text for each named endpoint of <paramref name="resource"/>, as its URL callbacks set it on
    /// URLs the orchestrator would allocate.
    /// </summary>
    public static async Task<IEnumerable<string?>> UrlDisplayTextsAsync(IResource resource, params string[] endpointNames)
    {
        List<ResourceUrlAnnotation> urls =
        [
            .. endpointNames.Select((name, i) => new ResourceUrlAnnotation
            {
                Url = $"http://localhost:{40001 + i}",
                Endpoint = new EndpointReference((IResourceWithEndpoints)resource, name),
            }),
        ];
        var context = new ResourceUrlsCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, urls);
        foreach (var callback in resource.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return urls.Select(u => u.DisplayText);
    }

    /// <summary>What an environment value resolves to when the process starts: a string, or a value provider's value.</summary>
    public static async Task<string> ValueAsync(object value) => value switch
    {
        string text => text,
        IValueProvider provider => await provider.GetValueAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)) ?? "",
        _ => throw new InvalidOperationException($"Unexpected environment value {value.GetType()}"),
    };
}
