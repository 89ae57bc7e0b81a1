using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Records the console logs of some resources while a test runs, stamped on arrival, so that a failing
/// test can print what the mesh's processes said around the failure.
/// </summary>
public sealed class ResourceLogRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<(DateTime At, string Resource, string Line)> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _watches;

    public ResourceLogRecorder(DistributedApplication app, params string[] resources)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        _watches = [.. resources.Select(resource => WatchAsync(logs, model.Resources.Single(r => r.Name == resource)))];
    }

    private async Task WatchAsync(ResourceLoggerService logs, IResource resource)
    {
        try
        {
            // By the resource, not its name: logs are kept under the orchestrator's id (e.g. "mesh-abcdwxyz").
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    _lines.Enqueue((DateTime.UtcNow, resource.Name, line.Content));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Recording stopped.
        }
    }

    /// <summary>Whether <paramref name="resource"/> has logged a line containing <paramref name="text"/> (its earlier lines included).</summary>
    public bool Saw(string resource, string text) => _lines.Any(l => l.Resource == resource && l.Line.Contains(text, StringComparison.Ordinal));

    /// <summary>Writes every line recorded between the two times.</summary>
    public void WriteTo(ITestOutputHelper output, DateTime from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{_lines.Count} log lines recorded");
        foreach (var (at, resource, line) in _lines.Where(l => l.At >= from && l.At <= to).OrderBy(l => l.At))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{at:HH:mm:ss.fff} [{resource}] {line}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches);
        _stop.Dispose();
    }
}
