using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Telemetry;

/// <summary>
/// An OTLP/HTTP metrics endpoint (<c>POST /v1/metrics</c>, protobuf) for a test to point processes at: it keeps the
/// latest value of every counter data point, and the latest count and sum of every histogram data point, it receives, by
/// metric name and attributes. The dashboard keeps metrics to
/// itself (its telemetry API serves spans and logs), so a test that asserts on a sidecar's metric labels reads them here.
/// </summary>
internal sealed class OtlpMetricsReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, CounterPoint> _points = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HistogramPoint> _histograms = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public OtlpMetricsReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{Loopback.GetFreePort().ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The base URL to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The URL to give as <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> (the signal's own setting takes the whole path).</summary>
    public Uri MetricsEndpoint => new(Endpoint, "v1/metrics");

    /// <summary>The latest count and sum of each data point of histogram <paramref name="metric"/>, with its attributes.</summary>
    public IReadOnlyList<HistogramPoint> Histograms(string metric) => [.. _histograms.Values.Where(p => p.Metric == metric)];

    /// <summary>The latest value of each data point of counter <paramref name="metric"/>, with its attributes.</summary>
    public IReadOnlyList<CounterPoint> Points(string metric) => [.. _points.Values.Where(p => p.Metric == metric)];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (context.Response)
            {
                if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/metrics")
                {
                    Record(ExportMetricsServiceRequest.Parser.ParseFrom(context.Request.InputStream));
                    context.Response.ContentType = "application/x-protobuf";
                    context.Response.StatusCode = 200;
                }
                else
                {
                    // Traces and logs are not kept: an empty success keeps the exporter from retrying them.
                    context.Response.StatusCode = 200;
                }
            }
        }
    }

    private void Record(ExportMetricsServiceRequest request)
    {
        foreach (var metric in request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
        {
            foreach (var point in metric.Sum?.DataPoints ?? [])
            {
                var attributes = Attributes(point.Attributes);
                _points[Key(metric.Name, attributes)] = new CounterPoint(metric.Name, attributes, point.AsInt != 0 ? point.AsInt : point.AsDouble);
            }

            foreach (var point in metric.Histogram?.DataPoints ?? [])
            {
                var attributes = Attributes(point.Attributes);
                _histograms[Key(metric.Name, attributes)] = new HistogramPoint(metric.Name, attributes, (long)point.Count, point.Sum);
            }
        }
    }

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes) =>
        attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal);

    private static string Key(string metric, Dictionary<string, string> attributes) =>
        metric + "|" + string.Join(",", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };
}

/// <summary>One counter data point: its metric, its attributes (labels) and its latest (cumulative) value.</summary>
internal sealed record CounterPoint(string Metric, IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>One histogram data point: its metric, its attributes (labels), and its latest (cumulative) count and sum.</summary>
internal sealed record HistogramPoint(string Metric, IReadOnlyDictionary<string, string> Attributes, long Count, double Sum);
