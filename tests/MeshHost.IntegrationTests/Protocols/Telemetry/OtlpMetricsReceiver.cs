using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Protocols.Telemetry;

/// <summary>
/// An OTLP/HTTP metrics endpoint (<c>POST /v1/metrics</c>, protobuf) for a test to point processes at: it keeps the
/// latest value of every counter data point it receives, by metric name and attributes. The dashboard keeps metrics to
/// itself (its telemetry API serves spans and logs), so a test that asserts on a sidecar's metric labels reads them here.
/// </summary>
internal sealed class OtlpMetricsReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, CounterPoint> _points = new(StringComparer.Ordinal);
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
        foreach (var metric in request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Where(m => m.Sum is not null))
        {
            foreach (var point in metric.Sum.DataPoints)
            {
                var attributes = point.Attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal);
                var key = metric.Name + "|" + string.Join(",", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
                _points[key] = new CounterPoint(metric.Name, attributes, point.AsInt != 0 ? point.AsInt : point.AsDouble);
            }
        }
    }

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
