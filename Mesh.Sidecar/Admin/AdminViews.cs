using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Listeners;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Admin;

/// <summary>Builds the admin bodies from the live state (off the hot path: allocating here is fine).</summary>
internal static class AdminViews
{
    public static ConfigDump Config(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var self = services.GetRequiredService<SidecarIdentity>();
        var ports = services.GetRequiredService<ListenerPorts>();
        var registration = services.GetRequiredService<WorkloadRegistrationFactory>().Create();
        var outbound = new List<OutboundView>(settings.Outbound.Count);
        for (var i = 0; i < settings.Outbound.Count; i++)
        {
            var listener = settings.Outbound[i];
            outbound.Add(new OutboundView(listener.Name ?? string.Empty, listener.EffectiveService, listener.Workload, ports.Outbound(i)));
        }

        var view = new SettingsView(
            registration.Workload, registration.Service, registration.Version, registration.ServiceAccount, registration.Namespace,
            registration.Labels, self.ControlPlane, self.App, settings.AppProbePath, registration.InboundAddress,
            ports.Inbound, ports.Admin, outbound, settings.PingInterval, settings.ReportInterval);
        var snapshot = services.GetRequiredService<SnapshotApplier>().Current;
        return new ConfigDump(view, snapshot?.AppliedAt, snapshot?.Source);
    }

    public static StatsReport Stats(TrafficStats stats)
    {
        var inbound = new Dictionary<string, DestinationView>(StringComparer.Ordinal)
        {
            [stats.Inbound.Destination] = View(stats.Inbound.Read()),
        };

        var outbound = new Dictionary<string, ServiceView>(StringComparer.Ordinal);
        foreach (var service in stats.Outbound)
        {
            var total = service.Total.Read();
            var workloads = new Dictionary<string, DestinationView>(StringComparer.Ordinal);
            foreach (var workload in service.Workloads)
            {
                workloads[workload.Destination] = View(workload.Read());
            }

            outbound[service.Total.Destination] = new ServiceView(total.Requests, total.ResponseCodes, total.ResponseFlags, workloads);
        }

        return new StatsReport(inbound, outbound);
    }

    public static ClustersReport Clusters(IServiceProvider services)
    {
        var snapshot = services.GetRequiredService<SnapshotApplier>().Current;
        var upstreams = services.GetRequiredService<Watch<OutboundModel>>().Current.Upstreams;
        var settings = services.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var ports = services.GetRequiredService<ListenerPorts>();
        var clusters = new List<ClusterView>(settings.Outbound.Count);
        for (var i = 0; i < settings.Outbound.Count; i++)
        {
            var listener = settings.Outbound[i];
            var endpoints = new List<EndpointView>();
            foreach (var endpoint in i < upstreams.Length ? upstreams[i].Endpoints : [])
            {
                endpoints.Add(new EndpointView(endpoint.Workload, endpoint.Version, endpoint.Source.ServiceAccount, endpoint.Address,
                    endpoint.Stats.Read().Requests));
            }

            clusters.Add(new ClusterView(listener.Name ?? string.Empty, listener.EffectiveService, listener.Workload, ports.Outbound(i), endpoints));
        }

        return new ClustersReport(snapshot?.Version, clusters);
    }

    private static DestinationView View(DestinationStatsView stats) => new(stats.Requests, stats.ResponseCodes, stats.ResponseFlags);
}
