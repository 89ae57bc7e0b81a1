using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests;

/// <summary>
/// One benchmark topology (backend, control plane, the sidecar pairs: plain, mtls and routes; nginx when installed)
/// for the whole class.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    private BenchTopology? _topology;

    internal BenchTopology Topology => _topology ?? throw new InvalidOperationException("The topology has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var options = new TopologyOptions(Nginx.Find(), new Dictionary<string, string>(StringComparer.Ordinal), Variants: [RouteTableVariant.Create()]);
        _topology = await BenchTopology.StartAsync(options, TextWriter.Null, timeout.Token);
    }

    public Task DisposeAsync()
    {
        _topology?.Dispose();
        return Task.CompletedTask;
    }
}
