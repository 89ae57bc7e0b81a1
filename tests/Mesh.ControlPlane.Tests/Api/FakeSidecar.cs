using System.Net.Http.Json;
using System.Text.Json;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>
/// Plays a sidecar against the control plane: holds the push stream and posts reports. It owns its
/// connection, so disposing it drops the stream as a crashed sidecar would.
/// </summary>
internal sealed class FakeSidecar : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private FakeSidecar(WorkloadRegistration registration, HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        Registration = registration;
        _client = client;
        _response = response;
        _reader = reader;
    }

    public WorkloadRegistration Registration { get; }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<FakeSidecar> ConnectAsync(Uri baseAddress, WorkloadRegistration registration, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = TestCredentials.Bearer(WorkloadToken.Credential(token));
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.StreamFor(registration.Workload))
            {
                Content = JsonContent.Create(registration, MeshJsonContext.Default.WorkloadRegistration),
            };
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                response.Dispose();
                throw new InvalidOperationException($"Stream refused: {(int)response.StatusCode} {body}");
            }

            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            return new FakeSidecar(registration, client, response, reader);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next line of the stream; <see langword="null"/> when the control plane ended it.</summary>
    public async Task<StreamMessage?> ReadMessageAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var line = await _reader.ReadLineAsync(timeout.Token);
        return line is null ? null : JsonSerializer.Deserialize(line, MeshJsonContext.Default.StreamMessage);
    }

    /// <summary>Reads past pings and other snapshots to the first snapshot that satisfies <paramref name="until"/>.</summary>
    public async Task<SidecarSnapshot> ReadSnapshotAsync(Func<SidecarSnapshot, bool>? until = null)
    {
        var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReadMessageAsync() ?? throw new InvalidOperationException("The stream ended.");
            if (message.Type == StreamMessageTypes.Snapshot && (until is null || until(message.Snapshot!)))
            {
                return message.Snapshot!;
            }
        }

        throw new TimeoutException("No matching snapshot arrived.");
    }

    public Task<HttpResponseMessage> ReportAsync(bool appServing, string? appliedVersion = null) =>
        ReportAsync(new SidecarReport { AppServing = appServing, AppliedVersion = appliedVersion });

    public async Task<HttpResponseMessage> ReportAsync(SidecarReport report) =>
        await _client.PostAsJsonAsync(ControlPlaneRoutes.ReportFor(Registration.Workload), report, MeshJsonContext.Default.SidecarReport);

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Questions tests ask of snapshots.</summary>
internal static class SnapshotQueries
{
    public static IEnumerable<string> ServingWorkloads(this SidecarSnapshot snapshot) =>
        snapshot.Services.SelectMany(s => s.Endpoints).Select(e => e.Workload);
}
