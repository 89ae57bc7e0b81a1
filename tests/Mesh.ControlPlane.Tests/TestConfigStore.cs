using Mesh.ControlPlane.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests;

/// <summary>A configuration store with no sources, for tests of the registry and push machinery.</summary>
internal static class TestConfigStore
{
    public static ConfigStore Create(ControlPlaneOptions? options = null) =>
        new(Options.Create(options ?? new ControlPlaneOptions()), new ServiceCollection().BuildServiceProvider(), NullLogger<ConfigStore>.Instance);
}
