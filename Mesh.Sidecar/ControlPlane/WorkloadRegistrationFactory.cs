using Mesh.Model.Registry;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Listeners;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>Builds what the sidecar registers: its workload's identity, labels and bound inbound address.</summary>
internal sealed class WorkloadRegistrationFactory(
    IOptions<SidecarOptions> options, SidecarIdentity self, ListenerPorts ports, AppHealth appHealth, WorkloadIdentity identity, SnapshotApplier snapshots)
{
    /// <summary>Creates the registration; call once the listeners are bound (the inbound port may be 0 before).</summary>
    public WorkloadRegistration Create()
    {
        var settings = options.Value;
        var labels = new Dictionary<string, string>(settings.Labels, StringComparer.Ordinal)
        {
            // Every workload carries these, as Bookinfo's pods do; subsets select by them.
            ["app"] = self.Service,
            ["version"] = settings.Version,
        };

        return new WorkloadRegistration
        {
            Workload = self.Workload,
            Service = self.Service,
            Version = settings.Version,
            ServiceAccount = settings.EffectiveServiceAccount,
            Namespace = settings.Namespace,
            InboundAddress = $"http://{FormatHost(settings.AdvertiseHost)}:{ports.Inbound}",
            Labels = labels,
            // A gateway has no app: it serves as soon as it runs.
            AppServing = settings.Mode == ProxyMode.Gateway || appHealth.Serving,
            Mode = settings.Mode,
            MutualTls = identity.Current is not null,
            // The inbound listener of a sidecar (not a gateway's) recognises the HTTP/2 preface (Inbound/Security/CleartextHttp2).
            CleartextHttp2 = settings.Mode == ProxyMode.Sidecar,
            AppPort = self.AppPort,
            ServingVersion = snapshots.Current?.Version,
        };
    }

    // An IPv6 literal needs brackets in a URL.
    private static string FormatHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
