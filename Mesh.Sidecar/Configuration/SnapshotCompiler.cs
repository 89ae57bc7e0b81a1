using System.Diagnostics.CodeAnalysis;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Configuration;

/// <summary>
/// Compiles a pushed <see cref="SidecarSnapshot"/> into a <see cref="SnapshotModel"/>: validates it (a
/// snapshot that fails is refused whole, and the last good one stays in force) and builds each outbound
/// listener's endpoint array with its counters, so requests do no lookups.
/// </summary>
internal sealed class SnapshotCompiler(IOptions<SidecarOptions> options, TrafficStats stats)
{
    public bool TryCompile(SidecarSnapshot snapshot, DateTimeOffset now, [NotNullWhen(true)] out SnapshotModel? model, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        model = null;
        if (string.IsNullOrWhiteSpace(snapshot.Version))
        {
            reason = "the snapshot has no version";
            return false;
        }

        if (snapshot.Services is null)
        {
            reason = "the snapshot has no services list";
            return false;
        }

        if (!ConfigSnapshotCheck.TryValidate(snapshot.Config, out reason))
        {
            return false;
        }

        var settings = options.Value;
        var upstreams = new UpstreamModel[settings.Outbound.Count];
        for (var i = 0; i < upstreams.Length; i++)
        {
            var listener = settings.Outbound[i];
            var (name, ns) = ParseHost(listener.EffectiveService, settings.Namespace);
            var service = FindService(snapshot.Services, name, ns);
            var serviceStats = stats.ForService(listener.EffectiveService);
            var endpoints = new List<EndpointModel>();
            foreach (var endpoint in service?.Endpoints ?? [])
            {
                if (!string.IsNullOrWhiteSpace(listener.Workload) && !string.Equals(endpoint.Workload, listener.Workload, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!TryNormalizeAddress(endpoint, out var address, out reason))
                {
                    reason = $"service '{name}': {reason}";
                    return false;
                }

                endpoints.Add(new EndpointModel(endpoint, address, serviceStats.ForWorkload(endpoint.Workload)));
            }

            upstreams[i] = new UpstreamModel(listener.Name!, listener.EffectiveService, NullIfEmpty(listener.Workload), [.. endpoints]);
        }

        model = new SnapshotModel(snapshot, now, upstreams);
        reason = null;
        return true;
    }

    /// <summary>
    /// Reads a host as Istio does: <c>reviews</c>, <c>reviews.default</c> and
    /// <c>reviews.default.svc.cluster.local</c> all name service <c>reviews</c> (namespace from the host, else ours).
    /// </summary>
    internal static (string Name, string Namespace) ParseHost(string host, string defaultNamespace)
    {
        var parts = host.Split('.');
        return parts.Length >= 2 ? (parts[0], parts[1]) : (host, defaultNamespace);
    }

    private static ServiceSnapshot? FindService(IReadOnlyList<ServiceSnapshot> services, string name, string ns)
    {
        foreach (var service in services)
        {
            if (string.Equals(service.Name, name, StringComparison.Ordinal) && string.Equals(service.Namespace, ns, StringComparison.Ordinal))
            {
                return service;
            }
        }

        return null;
    }

    private static bool TryNormalizeAddress(EndpointSnapshot endpoint, [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? reason)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(endpoint.Workload))
        {
            reason = "an endpoint has no workload name";
            return false;
        }

        if (!Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            reason = $"endpoint '{endpoint.Workload}' has address '{endpoint.Address}', not an absolute http(s) URL";
            return false;
        }

        address = endpoint.Address.TrimEnd('/');
        reason = null;
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
