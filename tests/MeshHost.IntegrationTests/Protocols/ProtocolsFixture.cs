using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;
using MeshHost.IntegrationTests.Telemetry;
using Microsoft.Extensions.Logging;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>
/// Starts the Protocols sample (samples/Protocols: greeter, streams, frontend, each with a sidecar) once for a test
/// collection, with STRICT mutual TLS on greeter and streams, so every call the frontend makes to them crosses two
/// sidecars over mutual TLS or fails. Tests drive the frontend's demo endpoints, which call through the mesh. The two
/// sidecars on the gRPC calls' way export their telemetry to <see cref="Metrics"/> instead of the dashboard.
/// </summary>
public sealed class ProtocolsFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How long a test waits for its first call through the mesh to succeed (Debug apps compile each path on first use).</summary>
    public static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The sample's meshed workloads.</summary>
    public static readonly string[] Workloads = ["greeter", "streams", "frontend"];

    /// <summary>The sidecars whose metrics <see cref="Metrics"/> receives: the caller's and the callee's of every gRPC call.</summary>
    public static readonly string[] MeteredSidecars = ["frontend-sidecar", "greeter-sidecar"];

    /// <summary>The identity the frontend's sidecar presents, as the callee's sidecar passes it on in x-forwarded-client-cert.</summary>
    public const string FrontendIdentity = "spiffe://cluster.local/ns/default/sa/frontend";

    private const string StrictCallees = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: greeter-strict
          namespace: default
        spec:
          selector:
            matchLabels:
              app: greeter
          mtls:
            mode: STRICT
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: streams-strict
          namespace: default
        spec:
          selector:
            matchLabels:
              app: streams
          mtls:
            mode: STRICT
        """;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The OTLP metrics of <see cref="MeteredSidecars"/>.</summary>
    internal OtlpMetricsReceiver Metrics { get; } = new();

    public MeshClient Mesh { get; private set; } = null!;

    /// <summary>A client of the frontend's published http endpoint.</summary>
    public HttpClient Frontend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var cancel = new CancellationTokenSource(StartTimeout);
        // The dashboard on, as BookinfoFixture explains: each process then exports its telemetry somewhere real and stops promptly.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Protocols_AppHost>(
            [], (options, _) => options.DisableDashboard = false, cancel.Token);
        builder.Services.AddLogging(logging => logging
            .AddFilter("Protocols.AppHost.Resources", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        foreach (var sidecar in builder.Resources.Where(r => MeteredSidecars.Contains(r.Name)))
        {
            // After Aspire's own OTLP settings (annotations apply in order), so these win.
            sidecar.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = Metrics.Endpoint.ToString();
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            }));
        }

        App = await builder.BuildAsync(cancel.Token);
        await App.StartAsync(cancel.Token);

        foreach (var sidecar in Workloads.Select(w => $"{w}-sidecar"))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(sidecar, WaitBehavior.StopOnResourceUnavailable, cancel.Token);
        }

        Frontend = App.CreateHttpClient("frontend", "http");
        Frontend.Timeout = TimeSpan.FromMinutes(3);
        Mesh = App.CreateMeshClient();
        await Eventually.WaitUntilAsync(async () =>
        {
            var registered = (await Mesh.GetRegistryAsync(cancel.Token)).Select(e => e.Registration.Workload).ToHashSet(StringComparer.Ordinal);
            return Workloads.All(registered.Contains);
        }, cancel.Token, BookinfoFixture.PollInterval);

        var strict = await Mesh.ApplyAsync(StrictCallees, cancel.Token);
        Assert.True(strict.Applied, string.Join("\n", strict.Messages));
        await Mesh.WaitForSyncAsync(strict.ConfigVersion, cancel.Token);
    }

    /// <summary>
    /// GETs <paramref name="path"/> from the frontend until it answers 200, within <see cref="WarmUpTimeout"/>: a callee joins
    /// its callers' endpoints once its sidecar reports it serving, and a Debug app's first call to each path is slow.
    /// Returns the last answer's status and body either way, for the test to assert on.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> GetUntilOkAsync(string path)
    {
        using var cancel = new CancellationTokenSource(WarmUpTimeout);
        (HttpStatusCode Status, string Body) last = (0, "no answer");
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                using var response = await Frontend.GetAsync(new Uri(path, UriKind.Relative), cancel.Token);
                last = (response.StatusCode, await response.Content.ReadAsStringAsync(cancel.Token));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                last = (0, e.Message);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(BookinfoFixture.PollInterval, CancellationToken.None);
        }

        return last;
    }

    /// <summary>A client of a sidecar's admin listener (<c>/stats</c>, <c>/config</c>, ...).</summary>
    public HttpClient AdminClient(string sidecar) => Loopback.CreateClient(App.GetEndpoint(sidecar, "admin"));

    public async Task DisposeAsync()
    {
        Frontend?.Dispose();
        Mesh?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Metrics.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ProtocolsTestGroup : ICollectionFixture<ProtocolsFixture>
{
    public const string Name = "Protocols sample on the mesh";
}
