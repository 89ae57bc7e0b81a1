using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Every measurement of the sidecar meter, from every sidecar in the process; the listener is process-wide, so a test
/// reads those of its own sidecars (<c>sidecar</c>), since tests running beside it have workloads of the same names.
/// </summary>
internal sealed class SidecarMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public SidecarMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SidecarMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, instrument.Meter.Scope, value, ToDictionary(tags))));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, instrument.Meter.Scope, value, ToDictionary(tags))));
        _listener.Start();
    }

    /// <summary>The tags of each measurement of <paramref name="instrument"/> (by <paramref name="sidecar"/> when given).</summary>
    public List<Dictionary<string, object?>> Of(string instrument, SidecarHost? sidecar = null) => [.. Measurements(instrument, sidecar).Select(m => m.Tags)];

    /// <summary>Each measurement of <paramref name="instrument"/> (by <paramref name="sidecar"/> when given).</summary>
    public List<Measurement> Measurements(string instrument, SidecarHost? sidecar = null)
    {
        var scope = sidecar?.Services.GetRequiredService<IMeterFactory>();
        return [.. _measurements.Where(m => m.Instrument == instrument && (scope is null || ReferenceEquals(m.Scope, scope)))];
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>A measurement's tags, by name.</summary>
    public static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    /// <summary>One measurement: the instrument, its value and its tags.</summary>
    internal sealed record Measurement(string Instrument, object? Scope, double Value, Dictionary<string, object?> Tags);
}
