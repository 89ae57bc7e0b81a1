using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Wires meshed callers to their sidecars once every <c>WithReference</c> call has been made (at
/// <see cref="BeforeStartEvent"/>, run mode only): each reference from a meshed workload to a meshed workload
/// or logical service gets an outbound listener on the caller's sidecar, and the caller's service-discovery
/// variables are rewritten to point at it.
/// </summary>
internal sealed class MeshWiring : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                Wire(e.Model);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    internal static void Wire(DistributedApplicationModel model)
    {
        RequireDistinctAppPorts(model);
        foreach (var caller in model.Resources)
        {
            if (!caller.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) || identity.Sidecar is null)
            {
                continue;
            }

            RequireAppEndpoint(caller);
            var sidecar = identity.Sidecar;
            if (InboundCapture.Applies(caller))
            {
                InboundCapture.FixTargetPort(caller, sidecar);
            }

            PlainHttpWorkloads.DeclareNoCertificateNeeded(caller);

            var rewrites = new Dictionary<IResource, MeshUpstream>();

            foreach (var reference in caller.Annotations.OfType<EndpointReferenceAnnotation>())
            {
                if (reference.Resource.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var callee) && callee.Sidecar is not null)
                {
                    // A direct reference to one version of a logical service stays pinned to that workload.
                    var pinned = callee.LogicalService is null ? null : reference.Resource.Name;
                    rewrites[reference.Resource] = sidecar.AddUpstream(reference.Resource.Name, callee.Service, pinned);
                }
            }

            foreach (var reference in caller.Annotations.OfType<MeshServiceReferenceAnnotation>())
            {
                sidecar.AddUpstream(reference.Service.Name, reference.Service.Name, pinnedWorkload: null);
            }

            if (rewrites.Count > 0)
            {
                // Appended last, so it runs after Aspire's own reference callbacks and sees what they wrote.
                caller.Annotations.Add(new EnvironmentCallbackAnnotation(context => RewriteThroughSidecar(context, rewrites)));
            }
        }
    }

    private static void RewriteThroughSidecar(EnvironmentCallbackContext context, Dictionary<IResource, MeshUpstream> rewrites)
    {
        if (!context.ExecutionContext.IsRunMode)
        {
            return;
        }

        var env = context.EnvironmentVariables;
        foreach (var key in env.Keys.ToList())
        {
            if (env[key] is not EndpointReference endpoint || !rewrites.TryGetValue(endpoint.Resource, out var upstream))
            {
                continue;
            }

            // The outbound listener speaks plain HTTP to the app (TLS is the sidecars' business), so an
            // https entry would send the app's TLS handshake to it: drop it and keep the http one.
            if (string.Equals(endpoint.EndpointAnnotation.UriScheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                env.Remove(key);
            }
            else
            {
                env[key] = upstream.Listener;
            }
        }
    }

    /// <summary>
    /// Two workloads of one project with a launch profile get the profile's fixed port twice; DCP then
    /// serves only one of them there, and the other's sidecar would silently forward to the wrong app.
    /// </summary>
    private static void RequireDistinctAppPorts(DistributedApplicationModel model)
    {
        var owners = new Dictionary<int, string>();
        foreach (var workload in model.Resources)
        {
            if (!workload.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) || identity.Sidecar is null)
            {
                continue;
            }

            var endpoint = SidecarEnvironment.AppEndpoint(workload);
            if (endpoint?.Port is not int port)
            {
                continue;
            }

            if (owners.TryGetValue(port, out var other))
            {
                throw new DistributedApplicationException(
                    $"Meshed resources '{other}' and '{workload.Name}' both have their 'http' endpoint on port {port} (from a launch profile?). Give each its own port, e.g. AddProject<T>(name, launchProfileName: null).WithHttpEndpoint(name: \"http\").");
            }

            owners[port] = workload.Name;
        }
    }

    private static void RequireAppEndpoint(IResource workload)
    {
        if (SidecarEnvironment.AppEndpoint(workload) is null)
        {
            throw new DistributedApplicationException(
                $"Meshed resource '{workload.Name}' has no '{SidecarEnvironment.AppEndpointName}' endpoint: its sidecar forwards inbound traffic to it over plain HTTP. Add one, e.g. WithHttpEndpoint(name: \"http\"), or use a launch profile with an http URL.");
        }
    }
}
