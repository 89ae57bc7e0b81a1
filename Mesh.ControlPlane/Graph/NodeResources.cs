using Mesh.ControlPlane.Configuration;
using Mesh.Model.Conventions;
using Mesh.Model.Registry;
using Mesh.Model.Resources;

namespace Mesh.ControlPlane.Graph;

/// <summary>
/// The routes and policies in force that apply to a node of the graph, as Kiali's side panel lists them: VirtualServices,
/// DestinationRules and HTTPRoutes for its service, AuthorizationPolicies and PeerAuthentications that select its workloads.
/// </summary>
internal static class NodeResources
{
    /// <summary>The details of <paramref name="id"/> (a workload or <c>svc:&lt;service&gt;</c>); null when no such node is registered.</summary>
    public static NodeDetails? Find(string id, IReadOnlyList<RegistryEntry> registry, ConfigState config)
    {
        var workloads = registry.Select(static e => e.Registration)
            .Where(w => w.Workload == id || GraphBuilder.ServiceId(w.Service) == id)
            .ToList();
        if (workloads.Count == 0)
        {
            return null;
        }

        var service = workloads[0].Service;
        var ns = workloads[0].Namespace;
        var applying = config.Resources
            .Where(r => r switch
            {
                VirtualService vs => vs.Spec.Hosts.Any(h => Names(h, vs.Metadata.Namespace, service, ns)),
                DestinationRule dr => Names(dr.Spec.Host, dr.Metadata.Namespace, service, ns),
                HttpRoute route => route.Spec.ParentRefs.Any(p => p.IsService && p.Name == service && (p.Namespace ?? route.Metadata.Namespace) == ns),
                AuthorizationPolicy ap => workloads.Any(w => Selects(ap.Metadata.Namespace, ap.Spec.Selector, ap.Spec.TargetRefs, w)),
                PeerAuthentication pa => workloads.Any(w => Selects(pa.Metadata.Namespace, pa.Spec.Selector, [], w)),
                _ => false,
            })
            .Select(r => new NodeResource(r.Kind, r.Metadata.Namespace, r.Metadata.Name, config.Sources.GetValueOrDefault(r.Key, "")))
            .ToList();
        var single = workloads.Count == 1 && workloads[0].Workload == id ? workloads[0] : null;
        return new NodeDetails(id, service, single?.Version, single?.Labels ?? new Dictionary<string, string>(), [.. workloads.Select(static w => w.Workload)], applying);
    }

    private static bool Names(string host, string resourceNamespace, string service, string @namespace) =>
        ServiceHosts.TryParse(host, resourceNamespace, out var name, out var hostNamespace)
        && string.Equals(name, service, StringComparison.OrdinalIgnoreCase)
        && string.Equals(hostNamespace, @namespace, StringComparison.OrdinalIgnoreCase);

    // Istio's scope: a policy in the root namespace applies mesh-wide, one elsewhere to its own namespace; a selector or
    // target narrows it.
    private static bool Selects(string policyNamespace, WorkloadSelector? selector, IReadOnlyList<PolicyTargetReference> targets, WorkloadRegistration workload)
    {
        if (policyNamespace != ResourceKinds.RootNamespace && policyNamespace != workload.Namespace)
        {
            return false;
        }

        if (targets.Count > 0)
        {
            return targets.Any(t => t.Name == workload.Service);
        }

        return selector is null || Labels.Contain(Labels.WithIdentity(workload.Labels, workload.Service, workload.Version), selector.MatchLabels);
    }
}

/// <summary>The body of <c>GET /v1/graph/nodes/{id}</c>.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="Service">Its service.</param>
/// <param name="Version">Its version, for a workload node.</param>
/// <param name="Labels">Its labels, for a workload node.</param>
/// <param name="Workloads">The workloads it stands for.</param>
/// <param name="Resources">The routes and policies in force that apply to it.</param>
internal sealed record NodeDetails(string Id, string Service, string? Version, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Workloads, IReadOnlyList<NodeResource> Resources);

/// <summary>One resource that applies to a node.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Source">Where it came from: <c>apphost</c>, a file, or <c>request</c>.</param>
internal sealed record NodeResource(string Kind, string Namespace, string Name, string Source);
