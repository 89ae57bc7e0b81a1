using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Configuration;

/// <summary>
/// Who this proxy is, read once from the validated <see cref="SidecarOptions"/>: every required setting is non-null
/// here, so the rest of the sidecar never dereferences an optional one.
/// </summary>
internal sealed record SidecarIdentity
{
    /// <summary>The workload's name (its Aspire resource name), e.g. <c>reviews-v2</c>.</summary>
    public required string Workload { get; init; }

    /// <summary>The service the workload serves, e.g. <c>reviews</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The workload's version label.</summary>
    public required string Version { get; init; }

    /// <summary>The workload's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The workload's service account (the service name when none is set).</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>The control plane's base URL, without a trailing slash.</summary>
    public required string ControlPlane { get; init; }

    /// <summary>The local app's base URL without a trailing slash; empty on the ingress gateway, which has no app.</summary>
    public required string App { get; init; }

    /// <summary>The app's port, which PeerAuthentication's <c>portLevelMtls</c> and Istio's <c>destination.port</c> name; null without an app.</summary>
    public int? AppPort { get; init; }

    /// <summary>The protocol spoken to the app (<c>Mesh:AppProtocol</c>).</summary>
    public AppProtocol AppProtocol { get; init; }

    /// <summary>A sidecar beside an app, or the ingress gateway.</summary>
    public ProxyMode Mode { get; init; }

    /// <summary>Reads the validated options (validation runs when <see cref="IOptions{T}.Value"/> is first read).</summary>
    public static SidecarIdentity From(IOptions<SidecarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var app = settings.App?.TrimEnd('/') ?? string.Empty;
        return new SidecarIdentity
        {
            Workload = settings.Workload ?? throw Missing(nameof(settings.Workload)),
            Service = settings.Service ?? throw Missing(nameof(settings.Service)),
            Version = settings.Version,
            Namespace = settings.Namespace,
            ServiceAccount = settings.EffectiveServiceAccount,
            ControlPlane = (settings.ControlPlane ?? throw Missing(nameof(settings.ControlPlane))).TrimEnd('/'),
            App = app,
            AppPort = Uri.TryCreate(app, UriKind.Absolute, out var uri) ? uri.Port : null,
            AppProtocol = AppProtocols.TryParse(settings.AppProtocol, out var protocol) ? protocol : AppProtocol.Http,
            Mode = settings.Mode,
        };
    }

    // Unreachable after validation; a clear message if a caller skipped it.
    private static InvalidOperationException Missing(string key) =>
        new($"{SidecarOptions.SectionName}:{key} is required; the options were not validated.");
}
