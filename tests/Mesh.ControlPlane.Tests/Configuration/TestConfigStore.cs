using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>A configuration store over an empty registry, for tests of configuration and push.</summary>
internal static class TestConfigStore
{
    public static ConfigStore Create(ConfigSourceOptions? options = null, params IConfigObserver[] observers) =>
        Create(options, new ConfigRejections(), observers);

    public static ConfigStore Create(ConfigSourceOptions? options, ConfigRejections rejections, params IConfigObserver[] observers) =>
        Create(options, rejections, NullLoggerFactory.Instance, observers);

    /// <summary>A store whose store and change log write to <paramref name="logs"/>.</summary>
    public static ConfigStore Create(ConfigSourceOptions? options, ConfigRejections rejections, ILoggerFactory logs, params IConfigObserver[] observers)
    {
        var wrapped = Options.Create(options ?? new ConfigSourceOptions());
        return new ConfigStore(
            wrapped,
            new ConfigChecker(wrapped, new NoWorkloadJoined()),
            new RuntimeChangeLog(wrapped, logs.CreateLogger<RuntimeChangeLog>()),
            rejections,
            observers,
            logs.CreateLogger<ConfigStore>());
    }

    /// <summary>Options declaring Bookinfo's workloads, as Mesh.Hosting passes them.</summary>
    public static ConfigSourceOptions Bookinfo(string? stateDirectory = null, string? configDirectory = null)
    {
        var options = new ConfigSourceOptions { StateDirectory = stateDirectory, ConfigDirectory = configDirectory };
        options.Workloads.AddRange(TestRegistrations.DeclaredBookinfo());
        return options;
    }

    private sealed class NoWorkloadJoined : IRegistryReader
    {
        public IReadOnlyList<RegistryEntry> GetEntries() => [];
    }
}
