using System.Text.Json.Serialization;
using System.Text.Json;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Admin;

/// <summary>The body of <c>/readyz</c>.</summary>
internal sealed record ReadinessReport(
    bool Ready,
    string? SnapshotVersion,
    bool ControlPlaneConnected,
    DateTimeOffset? LastContact,
    bool AppServing,
    string Reason);

/// <summary>
/// The body of <c>/certs</c> (Envoy's admin page of that name): the workload identity and the certificate in use;
/// no certificate when the sidecar has no bootstrap token or has not got one yet.
/// </summary>
internal sealed record CertificatesView(
    string Identity,
    bool MutualTls,
    string? Fingerprint,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset? RenewAt,
    string? RootFingerprint);

/// <summary>The body of <c>/config</c>: the startup settings and the applied snapshot (Envoy's config dump).</summary>
internal sealed record ConfigDump(SettingsView Settings, DateTimeOffset? AppliedAt, SidecarSnapshot? Snapshot);

/// <summary>The startup settings as <c>/config</c> shows them, with bound ports.</summary>
internal sealed record SettingsView(
    string Workload,
    string Service,
    string Version,
    string ServiceAccount,
    string Namespace,
    IReadOnlyDictionary<string, string> Labels,
    string ControlPlane,
    string App,
    string AppProbePath,
    string InboundAddress,
    int InboundPort,
    int AdminPort,
    IReadOnlyList<OutboundView> Outbound,
    TimeSpan PingInterval,
    TimeSpan ReportInterval);

/// <summary>One outbound listener in <c>/config</c>.</summary>
internal sealed record OutboundView(string Name, string Service, string? Workload, int Port);

/// <summary>The body of <c>/stats</c>: counters per direction and destination.</summary>
internal sealed record StatsReport(
    IReadOnlyDictionary<string, DestinationView> Inbound,
    IReadOnlyDictionary<string, ServiceView> Outbound);

/// <summary>One destination's counters.</summary>
internal sealed record DestinationView(
    long Requests,
    IReadOnlyDictionary<string, long> ResponseCodes,
    IReadOnlyDictionary<string, long> ResponseFlags);

/// <summary>An upstream service's counters with a breakdown per destination workload.</summary>
internal sealed record ServiceView(
    long Requests,
    IReadOnlyDictionary<string, long> ResponseCodes,
    IReadOnlyDictionary<string, long> ResponseFlags,
    IReadOnlyDictionary<string, DestinationView> Workloads);

/// <summary>The body of <c>/clusters</c>: each outbound upstream with its current endpoints.</summary>
internal sealed record ClustersReport(string? SnapshotVersion, IReadOnlyList<ClusterView> Clusters);

/// <summary>One outbound upstream.</summary>
internal sealed record ClusterView(string Name, string Service, string? Workload, int Port, IReadOnlyList<EndpointView> Endpoints);

/// <summary>One endpoint of an upstream.</summary>
internal sealed record EndpointView(string Workload, string Version, string ServiceAccount, string Address, long Requests);

/// <summary>Source-generated JSON for the admin listener's bodies (indented: people read them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CertificatesView))]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(ConfigDump))]
[JsonSerializable(typeof(StatsReport))]
[JsonSerializable(typeof(ClustersReport))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
