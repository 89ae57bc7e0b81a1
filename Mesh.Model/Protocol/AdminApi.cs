using Mesh.Model.Validation;

namespace Mesh.Model.Protocol;

/// <summary>The control plane's admin API routes (like <c>kubectl apply</c> and <c>istioctl proxy-status</c>).</summary>
public static class AdminRoutes
{
    /// <summary><c>POST</c>: create or replace resources (YAML or JSON body, several documents allowed).</summary>
    public const string Apply = "/v1/apply";

    /// <summary><c>POST</c>: validate resources against the current configuration without applying them.</summary>
    public const string Analyze = "/v1/analyze";

    /// <summary><c>GET</c>: every resource in force, with its source.</summary>
    public const string Resources = "/v1/resources";

    /// <summary><c>DELETE</c>: remove one resource: <c>/v1/resources/{kind}/{namespace}/{name}</c>.</summary>
    public const string Resource = "/v1/resources/{kind}/{namespace}/{name}";

    /// <summary><c>GET</c>: the configuration version and each sidecar's applied and rejected versions.</summary>
    public const string Status = "/v1/status";

    /// <summary>
    /// <c>DELETE</c>: every run-time change at once, saved ones included; the configuration goes back to what the AppHost
    /// and the config folder declare.
    /// </summary>
    public const string Changes = "/v1/changes";

    /// <summary>Builds the path of one resource.</summary>
    public static string ResourceFor(string kind, string @namespace, string name) =>
        $"/v1/resources/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}";
}

/// <summary>The answer to an apply, a delete or an analyze.</summary>
public sealed record ConfigChangeResult
{
    /// <summary>Whether the change is now in force (always false for analyze).</summary>
    public required bool Applied { get; init; }

    /// <summary>The configuration version after the request (unchanged when refused).</summary>
    public required long ConfigVersion { get; init; }

    /// <summary>The resources the request named, e.g. <c>VirtualService default/reviews</c>.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>Errors (why it was refused) and warnings (what was accepted but ignored).</summary>
    public required IReadOnlyList<ConfigDiagnostic> Diagnostics { get; init; }

    /// <summary>Each diagnostic as one line for people.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];
}

/// <summary>One resource in force (<c>GET /v1/resources</c>).</summary>
public sealed record ConfigResourceEntry
{
    /// <summary>API version, e.g. <c>networking.istio.io/v1</c>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>Kind.</summary>
    public required string Kind { get; init; }

    /// <summary>Namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary>Where it came from: <c>apphost</c>, a file path, or <c>request</c>.</summary>
    public required string Source { get; init; }
}

/// <summary>The mesh's configuration and delivery status (<c>GET /v1/status</c>, like <c>istioctl proxy-status</c>).</summary>
public sealed record MeshStatus
{
    /// <summary>The configuration version in force.</summary>
    public required long ConfigVersion { get; init; }

    /// <summary>How many connected sidecars have acknowledged the snapshot last sent to them.</summary>
    public required int SidecarsInSync { get; init; }

    /// <summary>Every connected sidecar.</summary>
    public required IReadOnlyList<SidecarStatus> Sidecars { get; init; }

    /// <summary>Recent refused changes from the config folder (file saves that did not validate), newest first.</summary>
    public IReadOnlyList<string> RejectedFileChanges { get; init; } = [];
}

/// <summary>One sidecar's delivery status.</summary>
public sealed record SidecarStatus
{
    /// <summary>Workload name.</summary>
    public required string Workload { get; init; }

    /// <summary>Service.</summary>
    public required string Service { get; init; }

    /// <summary>Version of the last snapshot sent to it.</summary>
    public string? SentVersion { get; init; }

    /// <summary>Configuration version of the last snapshot sent to it.</summary>
    public long SentConfigVersion { get; init; }

    /// <summary>Version it acknowledged (ACK).</summary>
    public string? AppliedVersion { get; init; }

    /// <summary>Version it refused (NACK), if any.</summary>
    public string? RejectedVersion { get; init; }

    /// <summary>Why it refused <see cref="RejectedVersion"/>.</summary>
    public string? RejectReason { get; init; }

    /// <summary>Whether it acknowledged the last snapshot sent to it.</summary>
    public required bool InSync { get; init; }

    /// <summary>When it last reported.</summary>
    public required DateTimeOffset LastContact { get; init; }
}
