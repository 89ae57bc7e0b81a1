using Mesh.ControlPlane.Certificates;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Conventions;
using Microsoft.Extensions.Configuration;

namespace Mesh.ControlPlane.Tests;

/// <summary>The names Mesh.Hosting and the benchmark write (<see cref="MeshSettings.ControlPlane"/>) are the ones the control plane binds.</summary>
public sealed class ControlPlaneSettingsTests
{
    private static readonly IConfiguration s_configuration = Configuration(new()
    {
        [MeshSettings.ControlPlane.StateDirectory] = "/tmp/state",
        [MeshSettings.ControlPlane.ConfigDirectory] = "/tmp/mesh",
        [MeshSettings.ControlPlane.CertificateLifetime] = "00:05:00",
        [MeshSettings.ControlPlane.Inline(0)] = "kind: VirtualService",
        [MeshSettings.ControlPlane.WorkloadName(0)] = "reviews-v2",
        [MeshSettings.ControlPlane.WorkloadService(0)] = "reviews",
        [MeshSettings.ControlPlane.WorkloadVersion(0)] = "v2",
        [MeshSettings.ControlPlane.WorkloadServiceAccount(0)] = "bookinfo-reviews",
        [MeshSettings.ControlPlane.WorkloadNamespace(0)] = "shop",
        [MeshSettings.ControlPlane.WorkloadToken(0)] = "reviews-token-0123",
    });

    [Fact]
    public void Section_IsTheOneEveryOptionsClassBinds() =>
        Assert.Equal(
            [MeshSettings.ControlPlane.Section, MeshSettings.ControlPlane.Section, MeshSettings.ControlPlane.Section],
            [RegistryOptions.SectionName, ConfigSourceOptions.SectionName, CertificateOptions.SectionName]);

    [Fact]
    public void Bind_ConfigurationSourceNames_SetTheirOptions()
    {
        var options = Bind<ConfigSourceOptions>(ConfigSourceOptions.SectionName);

        Assert.Equal(("/tmp/state", "/tmp/mesh"), (options.StateDirectory, options.ConfigDirectory));
        Assert.Equal("kind: VirtualService", Assert.Single(options.Inline));
        var workload = Assert.Single(options.Workloads);
        Assert.Equal(
            ("reviews-v2", "reviews", "v2", "bookinfo-reviews", "shop", "reviews-token-0123"),
            (workload.Name, workload.Service, workload.Version, workload.ServiceAccount, workload.Namespace, workload.Token));
    }

    [Fact]
    public void Bind_CertificateNames_SetTheirOptions()
    {
        var options = Bind<CertificateOptions>(CertificateOptions.SectionName);

        Assert.Equal(("/tmp/state", TimeSpan.FromMinutes(5)), (options.StateDirectory, options.CertificateLifetime));
        Assert.Equal("reviews-token-0123", Assert.Single(options.Workloads).Token);
    }

    private static T Bind<T>(string section)
        where T : new()
    {
        var options = new T();
        s_configuration.GetSection(section).Bind(options);
        return options;
    }

    // As the environment-variables provider reads a variable: "__" separates sections.
    private static IConfiguration Configuration(Dictionary<string, string?> variables) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(variables.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => v.Value))
            .Build();
}
