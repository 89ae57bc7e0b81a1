using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Compilation;
using Mesh.Model.Resources;
using k8s.Models;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// The Kubernetes objects of the mesh's workloads, as Istio expects them: a namespace with sidecar injection; per
/// workload a Deployment whose pods carry Istio's <c>app</c> and <c>version</c> labels and run as the workload's
/// service account; per service a Service whose ports are named for Istio's protocol selection; a ServiceAccount per
/// identity.
/// </summary>
internal static class KubernetesObjects
{
    /// <summary>The port every Service serves its app endpoint on, so apps call <c>http://reviews</c> as they do locally.</summary>
    internal const int ServicePort = 80;

    internal const string InjectionLabel = "istio-injection";

    public static V1Namespace Namespace(string name) => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [InjectionLabel] = "enabled" } },
    };

    public static V1ServiceAccount ServiceAccount(string name, string @namespace) => new()
    {
        ApiVersion = "v1",
        Kind = V1ServiceAccount.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
    };

    public static V1Deployment Deployment(PublishedWorkload workload, IList<V1EnvVar> env)
    {
        var labels = workload.Labels;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = V1Deployment.KubeKind,
            Metadata = new V1ObjectMeta { Name = workload.Name, NamespaceProperty = workload.Identity.Namespace, Labels = Copy(labels) },
            Spec = new V1DeploymentSpec
            {
                Replicas = workload.Resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1,
                Selector = new V1LabelSelector { MatchLabels = Copy(labels) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Copy(labels) },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = workload.Identity.ServiceAccount,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = workload.Name,
                                Image = workload.Image,
                                ImagePullPolicy = "IfNotPresent",
                                Ports = [new V1ContainerPort { Name = workload.Protocol, ContainerPort = workload.Port }],
                                Env = env.Count == 0 ? null : env,
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>
    /// A Service selecting <paramref name="selector"/>: its app endpoint on port 80, and on every other port number the
    /// mesh configuration names for it (Bookinfo's <c>9080</c>: locally any number names the one HTTP endpoint, in the
    /// cluster a destination port must be a port of the Service).
    /// </summary>
    public static V1Service Service(string name, string @namespace, IReadOnlyDictionary<string, string> selector, string protocol, IEnumerable<int> configuredPorts)
    {
        var ports = new List<V1ServicePort> { new() { Name = protocol, Port = ServicePort, TargetPort = protocol } };
        ports.AddRange(configuredPorts.Where(static p => p != ServicePort).Distinct().Order()
            .Select(p => new V1ServicePort { Name = $"{protocol}-{p}", Port = p, TargetPort = protocol }));
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = V1Service.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = Copy(selector) },
            Spec = new V1ServiceSpec { Selector = Copy(selector), Ports = ports },
        };
    }

    /// <summary>The port numbers each service is named with in the configuration (destinations, backends, parents).</summary>
    public static ILookup<CatalogService, int> ConfiguredPorts(IEnumerable<ConfigResource> resources, ServiceCatalog catalog)
    {
        var ports = new List<(CatalogService Service, int Port)>();
        void Add(string host, string @namespace, int? port)
        {
            if (port is { } number && catalog.ResolveHost(host, @namespace) is { } service)
            {
                ports.Add((service, number));
            }
        }

        foreach (var resource in resources)
        {
            var @namespace = resource.Metadata.Namespace;
            switch (resource)
            {
                case VirtualService vs:
                    foreach (var route in vs.Spec.Http)
                    {
                        foreach (var destination in route.Route.Select(static r => r.Destination).Concat(route.Mirrors.Select(static m => m.Destination)).Append(route.Mirror))
                        {
                            if (destination is not null)
                            {
                                Add(destination.Host, @namespace, destination.Port);
                            }
                        }
                    }

                    break;
                case HttpRoute httpRoute:
                    foreach (var parent in httpRoute.Spec.ParentRefs.Where(static p => p.IsService))
                    {
                        Add(parent.Name, parent.Namespace ?? @namespace, parent.Port);
                    }

                    foreach (var backend in BackendRefs(httpRoute))
                    {
                        if (catalog.ResolveBackend(backend.Name, backend.Namespace ?? @namespace) is { } target && backend.Port is { } port)
                        {
                            ports.Add((target.Service, port));
                        }
                    }

                    break;
            }
        }

        return ports.ToLookup(static p => p.Service, static p => p.Port);
    }

    /// <summary>Every backend an HTTPRoute names: its rules' backends and their mirrors.</summary>
    public static IEnumerable<HttpBackendRef> BackendRefs(HttpRoute route) =>
        route.Spec.Rules.SelectMany(static rule => rule.BackendRefs
            .Concat(rule.Filters.Concat(rule.BackendRefs.SelectMany(static b => b.Filters))
                .Select(static f => f.RequestMirror?.BackendRef).OfType<HttpBackendRef>()));

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> labels) =>
        labels.ToDictionary(static p => p.Key, static p => p.Value, StringComparer.Ordinal);
}
