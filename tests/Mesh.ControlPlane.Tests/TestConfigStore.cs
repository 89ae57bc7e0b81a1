using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests;

/// <summary>A configuration store over a real (empty) registry, for tests of configuration and push.</summary>
internal static class TestConfigStore
{
    public static ConfigStore Create(ControlPlaneOptions? options = null)
    {
        var wrapped = Options.Create(options ?? new ControlPlaneOptions());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(wrapped)
            .AddSingleton<WorkloadRegistry>()
            .BuildServiceProvider();
        return new ConfigStore(wrapped, services, NullLogger<ConfigStore>.Instance);
    }

    /// <summary>Options declaring Bookinfo's workloads, as Mesh.Hosting passes them.</summary>
    public static ControlPlaneOptions Bookinfo(string? stateDirectory = null, string? configDirectory = null)
    {
        var options = new ControlPlaneOptions { StateDirectory = stateDirectory, ConfigDirectory = configDirectory };
        foreach (var (name, service, version) in new[]
        {
            ("productpage", "productpage", "v1"), ("details", "details", "v1"), ("ratings", "ratings", "v1"),
            ("reviews-v1", "reviews", "v1"), ("reviews-v2", "reviews", "v2"), ("reviews-v3", "reviews", "v3"),
        })
        {
            options.Workloads.Add(new DeclaredWorkloadOptions { Name = name, Service = service, Version = version });
        }

        return options;
    }
}
