using System.Globalization;
using Aspire.Hosting;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Applies Istio task YAML (the files under <c>IstioTasks/</c>) to the running mesh as <c>kubectl apply</c> would,
/// waits until every sidecar has acknowledged each change, and on dispose deletes everything it applied so the
/// next test starts from the AppHost's own configuration.
/// </summary>
internal sealed class MeshChanges(MeshClient mesh, ITestOutputHelper output) : IAsyncDisposable
{
    public MeshChanges(BookinfoFixture fixture, ITestOutputHelper output)
        : this(fixture.Mesh, output)
    {
    }

    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    // "VirtualService default/reviews", in the order first applied.
    private readonly List<string> _applied = [];

    /// <summary>The text of one Istio task file, as copied to the output directory.</summary>
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "IstioTasks", file));

    /// <summary>Applies one file, asserts it was accepted, and waits until every sidecar has ACKed it.</summary>
    public Task ApplyAsync(string file, CancellationToken cancellationToken) => ApplyYamlAsync(file, Read(file), cancellationToken);

    /// <summary>Applies <paramref name="yaml"/> (named <paramref name="file"/> in messages) as <see cref="ApplyAsync"/> does.</summary>
    public async Task ApplyYamlAsync(string file, string yaml, CancellationToken cancellationToken)
    {
        var result = await mesh.ApplyAsync(yaml, cancellationToken);
        // Only what the mesh said about this file: its warnings about the AppHost's own files repeat on every change.
        foreach (var message in result.Messages.Where(m => m.StartsWith("request", StringComparison.Ordinal)))
        {
            output.WriteLine($"{file}: {message}");
        }

        Assert.True(result.Applied, $"{file} refused: {string.Join(Environment.NewLine, result.Messages)}");
        foreach (var name in result.Resources.Where(n => !_applied.Contains(n)))
        {
            _applied.Add(name);
        }

        await WaitForSyncAsync(result.ConfigVersion, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {file} in force on every sidecar (config version {result.ConfigVersion})"));
    }

    /// <summary>Deletes what was applied, newest first, and waits until every sidecar has the result.</summary>
    public async ValueTask DisposeAsync()
    {
        using var cancel = new CancellationTokenSource(CleanupTimeout);
        var problems = new List<string>();
        long? version = null;
        foreach (var name in Enumerable.Reverse(_applied))
        {
            // "Kind namespace/name", as the control plane names resources.
            var kind = name[..name.IndexOf(' ', StringComparison.Ordinal)];
            var qualified = name[(kind.Length + 1)..];
            var slash = qualified.IndexOf('/', StringComparison.Ordinal);
            var result = await mesh.DeleteAsync(kind, qualified[..slash], qualified[(slash + 1)..], cancel.Token);
            if (result.Applied)
            {
                version = result.ConfigVersion;
            }
            else
            {
                problems.Add($"deleting {name} refused: {string.Join("; ", result.Messages)}");
            }
        }

        if (version is { } last)
        {
            await WaitForSyncAsync(last, cancel.Token);
        }

        if (problems.Count > 0)
        {
            problems.ForEach(output.WriteLine);
            throw new InvalidOperationException("Cleanup left configuration behind: " + string.Join(Environment.NewLine, problems));
        }
    }

    private async Task WaitForSyncAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            await mesh.WaitForSyncAsync(version, cancellationToken).WaitAsync(SyncTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Say which sidecar is behind, and why when it refused the snapshot (NACK).
            var status = await mesh.GetStatusAsync(cancellationToken);
            var sidecars = status.Sidecars.Select(s =>
                $"{s.Workload}: sent {s.SentConfigVersion} ({s.SentVersion}), applied {s.AppliedVersion}, in sync {s.InSync}"
                + (s.RejectedVersion is null ? "" : $", NACK {s.RejectedVersion}: {s.RejectReason}"));
            throw new TimeoutException(
                $"Config version {version} did not reach every sidecar within {SyncTimeout.TotalSeconds} s:{Environment.NewLine}"
                + string.Join(Environment.NewLine, sidecars));
        }
    }
}
