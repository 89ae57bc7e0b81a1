using Mesh.Sidecar.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mesh.Sidecar.Tests.Configuration;

/// <summary>The names Mesh.Hosting and the benchmark write (<see cref="MeshSettings.Sidecar"/>) are the ones the sidecar binds.</summary>
public sealed class SidecarSettingsTests
{
    [Fact]
    public void Bind_EveryMeshSettingsName_SetsItsOption()
    {
        var options = Bind(new()
        {
            [MeshSettings.Sidecar.ControlPlane] = "http://localhost:5100",
            [MeshSettings.Sidecar.Workload] = "reviews-v2",
            [MeshSettings.Sidecar.Service] = "reviews",
            [MeshSettings.Sidecar.Version] = "v2",
            [MeshSettings.Sidecar.ServiceAccount] = "bookinfo-reviews",
            [MeshSettings.Sidecar.Namespace] = "shop",
            [MeshSettings.Sidecar.Token] = "reviews-token-0123",
            [MeshSettings.Sidecar.App] = "http://localhost:5200",
            [MeshSettings.Sidecar.AppProtocol] = "http2",
            [MeshSettings.Sidecar.Mode] = "Gateway",
            [MeshSettings.Sidecar.FaultHeaders] = "true",
            [MeshSettings.Sidecar.InboundPort] = "15006",
            [MeshSettings.Sidecar.AdminPort] = "15000",
            [MeshSettings.Sidecar.Label("team")] = "books",
            [MeshSettings.Sidecar.OutboundName(0)] = "reviews-v1",
            [MeshSettings.Sidecar.OutboundService(0)] = "reviews",
            [MeshSettings.Sidecar.OutboundWorkload(0)] = "reviews-v1",
            [MeshSettings.Sidecar.OutboundPort(0)] = "15001",
        });

        Assert.Equal(
            ("http://localhost:5100", "reviews-v2", "reviews", "v2", "bookinfo-reviews", "shop", "reviews-token-0123", "http://localhost:5200"),
            (options.ControlPlane, options.Workload, options.Service, options.Version, options.ServiceAccount, options.Namespace, options.Token, options.App));
        Assert.Equal((ProxyMode.Gateway, true, 15006, 15000), (options.Mode, options.FaultHeaders, options.Listeners.Inbound, options.Listeners.Admin));
        Assert.Equal("books", options.Labels["team"]);
        Assert.Equal("http2", options.AppProtocol);
        var outbound = Assert.Single(options.Outbound);
        Assert.Equal(("reviews-v1", "reviews", "reviews-v1", 15001), (outbound.Name, outbound.Service, outbound.Workload, outbound.Port));
    }

    // As the environment-variables provider reads a variable: "__" separates sections.
    private static SidecarOptions Bind(Dictionary<string, string?> variables)
    {
        var options = new SidecarOptions();
        new ConfigurationBuilder()
            .AddInMemoryCollection(variables.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => v.Value))
            .Build()
            .GetSection(SidecarOptions.SectionName)
            .Bind(options);
        return options;
    }
}
