using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a <c>VirtualService</c>: hosts, gateways, and each HTTP route.</summary>
internal static class VirtualServiceAnalyzer
{
    public static void Analyze(ValidationContext context, VirtualService resource)
    {
        var spec = resource.Spec;
        var ns = resource.Metadata.Namespace;
        var meshBound = resource.IsMeshBound;
        if (spec.Hosts.Count == 0)
        {
            context.Error(resource, "spec.hosts", DiagnosticCodes.MissingField, "required: at least one host");
        }

        for (var i = 0; i < spec.Hosts.Count; i++)
        {
            var host = spec.Hosts[i];
            var path = $"spec.hosts[{i}]";
            if (!Checks.Required(context, resource, path, host) || !meshBound)
            {
                continue; // A gateway-only VirtualService routes external host names, which name no service.
            }

            if (host.Contains('*', StringComparison.Ordinal))
            {
                context.Error(resource, path, DiagnosticCodes.UnknownHost,
                    $"wildcard host \"{host}\" is only allowed in a VirtualService bound to a gateway (spec.gateways without \"mesh\")");
            }
            else if (context.Catalog.ResolveHost(host, ns) is null)
            {
                context.Error(resource, path, DiagnosticCodes.UnknownHost, $"host \"{host}\" names no known service ({context.KnownServices()})");
            }
        }

        for (var i = 0; i < spec.Gateways.Count; i++)
        {
            var gateway = spec.Gateways[i];
            if (!string.Equals(gateway, VirtualService.MeshGateway, StringComparison.Ordinal) && context.FindIstioGateway(gateway, ns) is null)
            {
                context.Error(resource, $"spec.gateways[{i}]", DiagnosticCodes.UnknownReference, $"no Gateway \"{gateway}\" (looked for networking.istio.io Gateway {(gateway.Contains('/', StringComparison.Ordinal) ? gateway : $"{ns}/{gateway}")})");
            }
        }

        if (spec.Http.Count == 0)
        {
            context.Error(resource, "spec.http", DiagnosticCodes.MissingField, "required: the mesh routes HTTP, and this VirtualService has no HTTP routes");
        }

        for (var i = 0; i < spec.Http.Count; i++)
        {
            VirtualServiceRouteAnalyzer.Analyze(context, resource, spec.Http[i], $"spec.http[{i}]");
        }
    }
}
