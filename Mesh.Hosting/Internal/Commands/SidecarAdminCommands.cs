using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// A proxy's admin views as dashboard commands, as <c>istioctl proxy-config</c> reads Envoy's: the configuration it
/// runs (<c>/config</c>), its traffic counters (<c>/stats</c>) and its workload certificate (<c>/certs</c>). The
/// dashboard shows the JSON the command returns.
/// </summary>
internal static class SidecarAdminCommands
{
    internal const string ConfigName = "mesh-proxy-config";
    internal const string StatsName = "mesh-proxy-stats";
    internal const string CertificateName = "mesh-proxy-certificate";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The three views, read from the proxy's <c>admin</c> endpoint.</summary>
    internal static IResourceBuilder<T> WithAdminViewCommands<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEndpoints
    {
        var admin = builder.Resource.GetEndpoint(MeshSidecarResource.AdminEndpointName);
        return builder
            .WithCommand(ConfigName, "Config dump", context => ReadAsync(admin, "/config", "configuration", handler: null, context.CancellationToken), Options(
                "The configuration this proxy runs: listeners, routes, clusters and policies compiled from the mesh's resources (GET /config on its admin endpoint).",
                "DocumentText"))
            .WithCommand(StatsName, "Stats", context => ReadAsync(admin, "/stats", "stats", handler: null, context.CancellationToken), Options(
                "This proxy's traffic counters: requests by route, upstream and response code (GET /stats on its admin endpoint).",
                "DataBarVertical"))
            .WithCommand(CertificateName, "Certificate", context => ReadAsync(admin, "/certs", "certificate", handler: null, context.CancellationToken), Options(
                "The workload certificate this proxy presents: identity, issuer and validity (GET /certs on its admin endpoint).",
                "Certificate"));
    }

    internal static async Task<ExecuteCommandResult> ReadAsync(EndpointReference admin, string path, string what, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        if (!admin.IsAllocated)
        {
            return CommandResults.Failure($"The proxy's admin endpoint has no address yet: start '{admin.Resource.Name}' first.");
        }

        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var text = await http.GetStringAsync(new Uri(new Uri(admin.Url), path), cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(text);
            return CommandResults.Success($"{admin.Resource.Name}'s {what} (GET {path}).", JsonSerializer.Serialize(json.RootElement, Indented), CommandResultFormat.Json);
        }
        catch (HttpRequestException ex)
        {
            return CommandResults.Failure($"{admin.Resource.Name}'s admin endpoint did not answer GET {path}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return CommandResults.Failure($"{admin.Resource.Name}'s admin endpoint answered GET {path} with something that is not JSON: {ex.Message}");
        }
    }

    private static CommandOptions Options(string description, string icon) => new()
    {
        Description = description,
        IconName = icon,
        UpdateState = CommandSupport.WhileRunning,
    };
}
