using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using k8s.Models;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// A workload's environment in the cluster: what the AppHost gives it when publishing, with every reference to another
/// workload turned into that workload's Kubernetes Service (<c>http://reviews</c>), where Istio's sidecars route it.
/// A value with no counterpart in the cluster (a parameter, a connection string, a resource outside the mesh) is
/// reported and left out rather than guessed.
/// </summary>
internal sealed class DeploymentEnvironment
{
    private readonly Dictionary<IResource, PublishedWorkload> _workloads;
    private readonly ICollection<string> _warnings;

    public DeploymentEnvironment(IEnumerable<PublishedWorkload> workloads, ICollection<string> warnings)
    {
        _workloads = workloads.ToDictionary(static w => w.Resource);
        _warnings = warnings;
    }

    public async Task<List<V1EnvVar>> ForAsync(PublishedWorkload workload, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var resource = workload.Resource;
        var context = new EnvironmentCallbackContext(executionContext, resource, cancellationToken: cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var env = context.EnvironmentVariables;
        foreach (var reference in resource.Annotations.OfType<MeshServiceReferenceAnnotation>())
        {
            // A logical service is one Service in the cluster, which Istio balances across its versions; the AppHost's
            // entry per version would have the app balance itself, past Istio's routes.
            var prefix = $"services__{reference.Service.Name}__";
            foreach (var key in env.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                env.Remove(key);
            }

            env[ServiceDiscoveryVariables.Key(reference.Service.Name, "http", 0)] = $"http://{reference.Service.Name}";
        }

        var result = new List<V1EnvVar>();
        foreach (var (name, value) in env)
        {
            if (Convert(workload, value, out var reason) is { } text)
            {
                result.Add(new V1EnvVar { Name = name, Value = text });
            }
            else if (reason is not null)
            {
                _warnings.Add($"{resource.Name}: environment variable {name} not written: {reason}; set it in deployments.yaml (a ConfigMap or Secret).");
            }
        }

        return result;
    }

    // Null with no reason: left out on purpose (an https address: in the cluster Istio's sidecars do TLS, as locally the mesh's).
    private string? Convert(PublishedWorkload self, object value, out string? reason)
    {
        reason = null;
        switch (value)
        {
            case string text:
                return text;
            case EndpointReference endpoint when endpoint.IsHttps:
                return null;
            case EndpointReference endpoint:
                return Property(self, endpoint, EndpointProperty.Url, out reason);
            case EndpointReferenceExpression expression when expression.Endpoint.IsHttps:
                return null;
            case EndpointReferenceExpression expression:
                return Property(self, expression.Endpoint, expression.Property, out reason);
            case ReferenceExpression { IsConditional: false } expression:
                var parts = new object?[expression.ValueProviders.Count];
                for (var i = 0; i < parts.Length; i++)
                {
                    if (Convert(self, expression.ValueProviders[i], out reason) is not { } part)
                    {
                        reason ??= "it refers to an https address";
                        return null;
                    }

                    parts[i] = part;
                }

                return string.Format(CultureInfo.InvariantCulture, expression.Format, parts);
            case IResource other:
                reason = $"it comes from {other.GetType().Name} '{other.Name}', which has no counterpart in kubernetes/";
                return null;
            default:
                reason = $"its value ({value.GetType().Name}) has no counterpart in kubernetes/";
                return null;
        }
    }

    private string? Property(PublishedWorkload self, EndpointReference endpoint, EndpointProperty property, out string? reason)
    {
        reason = null;
        string host;
        int port;
        if (ReferenceEquals(endpoint.Resource, self.Resource))
        {
            (host, port) = ("localhost", self.Port);
        }
        else if (_workloads.TryGetValue(endpoint.Resource, out var workload))
        {
            // Each workload is reachable in the cluster by its resource name: its service's Service, or for one version
            // of a logical service, its version's Service (KubernetesObjects).
            (host, port) = (workload.Name, KubernetesObjects.ServicePort);
        }
        else
        {
            reason = $"it refers to '{endpoint.Resource.Name}', which is not a workload of the mesh and is not in kubernetes/";
            return null;
        }

        if (property == EndpointProperty.TargetPort)
        {
            return (ReferenceEquals(endpoint.Resource, self.Resource) ? self.Port : _workloads[endpoint.Resource].Port).ToString(CultureInfo.InvariantCulture);
        }

        return property switch
        {
            EndpointProperty.Url => port == KubernetesObjects.ServicePort ? $"http://{host}" : $"http://{host}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => port.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.HostAndPort => $"{host}:{port}",
            EndpointProperty.Scheme => "http",
            EndpointProperty.TlsEnabled => "false",
            _ => null,
        };
    }
}
