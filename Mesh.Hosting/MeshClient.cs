using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;

namespace Aspire.Hosting;

/// <summary>
/// A small typed client for the mesh control plane's admin API, for tests and tools: apply, delete and list
/// resources (like <c>kubectl</c>), analyze them (like <c>istioctl analyze</c>), read the registry and each
/// sidecar's sync status (like <c>istioctl proxy-status</c>), and wait for a change to reach every sidecar.
/// </summary>
/// <remarks>
/// From an Aspire test: <c>using var mesh = app.CreateMeshClient();</c> after <c>StartAsync</c>.
/// Refused changes do not throw: the result carries <see cref="ConfigChangeResult.Applied"/> = false and
/// the diagnostics that say why.
/// </remarks>
public sealed class MeshClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    /// <summary>Creates a client over an <see cref="HttpClient"/> whose <c>BaseAddress</c> is the control plane.</summary>
    /// <param name="http">The HTTP client; not disposed with this client.</param>
    public MeshClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
    }

    private MeshClient(HttpClient http, bool ownsClient) : this(http) => _ownsClient = ownsClient;

    /// <summary>Creates a client for the control plane at <paramref name="controlPlane"/>.</summary>
    /// <param name="controlPlane">The control plane's base address, e.g. <c>http://localhost:41234</c>.</param>
    /// <param name="adminCredential">
    /// The run's admin credential (the mesh's <c>{name}-admin-token</c> parameter), sent with every request; without it
    /// only the read-only views answer. <see cref="MeshClientExtensions.CreateMeshClient"/> passes it for you.
    /// </param>
    /// <returns>A client that owns its connection.</returns>
    public static MeshClient Create(Uri controlPlane, string? adminCredential = null) =>
        Create(controlPlane, adminCredential, new SocketsHttpHandler());

    /// <summary>Creates a client that sends through <paramref name="handler"/> (tests look at what it sends).</summary>
    internal static MeshClient Create(Uri controlPlane, string? adminCredential, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        var http = new HttpClient(handler) { BaseAddress = controlPlane, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(adminCredential))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminCredential);
        }

        return new MeshClient(http, ownsClient: true);
    }

    /// <summary>Creates or replaces the resources in a YAML or JSON text (several documents allowed).</summary>
    /// <param name="yaml">The resources.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether they were applied, the new configuration version, and any diagnostics.</returns>
    public Task<ConfigChangeResult> ApplyAsync(string yaml, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, AdminRoutes.Apply, yaml, cancellationToken);

    /// <summary>Validates resources against the configuration in force without applying them.</summary>
    /// <param name="yaml">The resources.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The diagnostics; <see cref="ConfigChangeResult.Applied"/> is always false.</returns>
    public Task<ConfigChangeResult> AnalyzeAsync(string yaml, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, AdminRoutes.Analyze, yaml, cancellationToken);

    /// <summary>Deletes a resource applied at run time.</summary>
    /// <param name="kind">Its kind, e.g. <c>VirtualService</c>.</param>
    /// <param name="namespace">Its namespace, e.g. <c>default</c>.</param>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether it was deleted, and why not.</returns>
    public Task<ConfigChangeResult> DeleteAsync(string kind, string @namespace, string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, AdminRoutes.ResourceFor(kind, @namespace, name), body: null, cancellationToken);

    /// <summary>
    /// Deletes every resource applied at run time, saved ones included: the configuration goes back to what the AppHost
    /// and its config folder declare.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether they were deleted (and which), and why not.</returns>
    public Task<ConfigChangeResult> ClearChangesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, AdminRoutes.Changes, body: null, cancellationToken);

    /// <summary>Lists every resource in force with its source.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The resources.</returns>
    public async Task<IReadOnlyList<ConfigResourceEntry>> GetResourcesAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync(AdminRoutes.Resources, MeshJsonContext.Default.IReadOnlyListConfigResourceEntry, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>Reads the configuration version and each sidecar's delivery status.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    public async Task<MeshStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync(AdminRoutes.Status, MeshJsonContext.Default.MeshStatus, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The control plane answered /v1/status with no body.");

    /// <summary>Reads the registry: every serving workload with its service, version and identity.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The registry entries.</returns>
    public async Task<IReadOnlyList<RegistryEntry>> GetRegistryAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync(ControlPlaneRoutes.Registry, MeshJsonContext.Default.IReadOnlyListRegistryEntry, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>
    /// Waits until every connected sidecar has acknowledged a snapshot compiled from configuration version
    /// <paramref name="configVersion"/> or later.
    /// </summary>
    /// <param name="configVersion">The version returned by an apply or delete.</param>
    /// <param name="cancellationToken">Cancels the wait; bound it with a timeout.</param>
    /// <returns>The status once in sync.</returns>
    public async Task<MeshStatus> WaitForSyncAsync(long configVersion, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Sidecars.Count > 0 && status.Sidecars.All(s => s.InSync && s.SentConfigVersion >= configVersion))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ConfigChangeResult> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/yaml");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.ConfigChangeResult, cancellationToken).ConfigureAwait(false);
        return result ?? throw new HttpRequestException($"{method} {path}: the control plane answered {(int)response.StatusCode} with no body.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }
}
