using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks Istio's <c>Gateway</c> and the Gateway API's <c>Gateway</c>.</summary>
internal static class GatewayAnalyzer
{
    public static void Analyze(ValidationContext context, Gateway resource)
    {
        var spec = resource.Spec;
        Checks.SelectsWorkloads(context, resource, "spec.selector", spec.Selector, null);
        if (spec.Servers.Count == 0)
        {
            context.Error(resource, "spec.servers", DiagnosticCodes.MissingField, "required: at least one server");
        }

        for (var i = 0; i < spec.Servers.Count; i++)
        {
            var server = spec.Servers[i];
            var path = $"spec.servers[{i}]";
            if (server.Port.Number == 0)
            {
                context.Error(resource, $"{path}.port.number", DiagnosticCodes.MissingField, "required");
            }
            else
            {
                Checks.Port(context, resource, $"{path}.port.number", server.Port.Number);
            }

            if (Checks.Required(context, resource, $"{path}.port.protocol", server.Port.Protocol))
            {
                Protocol(context, resource, $"{path}.port.protocol", server.Port.Protocol, "server");
            }

            if (server.Hosts.Count == 0)
            {
                context.Error(resource, $"{path}.hosts", DiagnosticCodes.MissingField, "required: at least one host (\"*\" for any)");
            }
        }
    }

    public static void Analyze(ValidationContext context, KubernetesGateway resource)
    {
        var spec = resource.Spec;
        if (spec.Listeners.Count == 0)
        {
            context.Error(resource, "spec.listeners", DiagnosticCodes.MissingField, "required: at least one listener");
        }

        for (var i = 0; i < spec.Listeners.Count; i++)
        {
            var listener = spec.Listeners[i];
            var path = $"spec.listeners[{i}]";
            Checks.Required(context, resource, $"{path}.name", listener.Name);
            Checks.Port(context, resource, $"{path}.port", listener.Port);
            if (Checks.Required(context, resource, $"{path}.protocol", listener.Protocol))
            {
                Protocol(context, resource, $"{path}.protocol", listener.Protocol, "listener");
            }

            if (listener.AllowedRoutesFrom is not ("Same" or "All"))
            {
                context.Warning(resource, $"{path}.allowedRoutes.namespaces.from", DiagnosticCodes.UnsupportedValue,
                    $"\"{listener.AllowedRoutesFrom}\" is not supported by the mesh (Same or All); treated as Same");
            }
        }
    }

    private static void Protocol(ValidationContext context, ConfigResource resource, string path, string protocol, string what)
    {
        if (!string.Equals(protocol, "HTTP", StringComparison.OrdinalIgnoreCase))
        {
            context.Warning(resource, path, DiagnosticCodes.UnsupportedValue, $"protocol {protocol} is not supported by the mesh (its gateway serves HTTP); {what} ignored");
        }
    }
}
