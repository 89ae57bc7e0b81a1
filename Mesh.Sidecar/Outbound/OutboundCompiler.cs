using System.Diagnostics.CodeAnalysis;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// Compiles a pushed <see cref="SidecarSnapshot"/> into an <see cref="OutboundModel"/>: validates its routes (a
/// snapshot that fails is refused whole, and the last good one stays in force) and builds each outbound
/// listener's route table with its clusters and counters, so requests do no lookups.
/// </summary>
internal sealed class OutboundCompiler(IOptions<SidecarOptions> options, TrafficStats stats, ClusterStates clusters)
{
    public bool TryCompile(SidecarSnapshot snapshot, [NotNullWhen(true)] out OutboundModel? model, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        model = null;
        if (!OutboundSnapshotCheck.TryValidate(snapshot.Config, out reason))
        {
            return false;
        }

        var settings = options.Value;
        var builder = new RouteTableBuilder(snapshot, settings.Namespace, clusters, stats);
        var upstreams = new UpstreamModel[settings.Outbound.Count];
        for (var i = 0; i < upstreams.Length; i++)
        {
            var listener = settings.Outbound[i];
            // A listener's service is written as Istio writes hosts (reviews, reviews.default, ...); anything else names
            // no service of the snapshot, so its listener has no endpoints.
            var (name, ns) = ServiceHosts.TryParse(listener.EffectiveService, settings.Namespace, out var service, out var serviceNamespace)
                ? (service, serviceNamespace)
                : (listener.EffectiveService, settings.Namespace);
            var pinned = NullIfEmpty(listener.Workload);
            if (!builder.TryBuild(name, ns, listener.EffectiveService, pinned, out var routes, out var endpoints, out reason))
            {
                return false;
            }

            upstreams[i] = new UpstreamModel(listener.Name ?? string.Empty, listener.EffectiveService, pinned, endpoints, routes);
        }

        var gatewayHosts = new List<GatewayHost>();
        if (settings.Mode == ProxyMode.Gateway)
        {
            foreach (var host in snapshot.Config?.GatewayHosts ?? [])
            {
                if (!builder.TryBuildRoutes(host.Routes, $"gateway host {host.Host}", listener: null, out var routes, out reason))
                {
                    return false;
                }

                gatewayHosts.Add(new GatewayHost(host.Host, routes));
            }
        }

        model = new OutboundModel(upstreams, [.. gatewayHosts]);
        reason = null;
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
