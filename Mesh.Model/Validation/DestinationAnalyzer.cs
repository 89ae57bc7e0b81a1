using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks an Istio <c>Destination</c>: a known service host, a defined subset, a valid port.</summary>
internal static class DestinationAnalyzer
{
    public static void Analyze(ValidationContext context, ConfigResource resource, Destination destination, string path)
    {
        var hostPath = $"{path}.host";
        if (!Checks.Required(context, resource, hostPath, destination.Host))
        {
            return;
        }

        Checks.Port(context, resource, $"{path}.port.number", destination.Port);
        if (destination.Host.Contains('*', StringComparison.Ordinal))
        {
            context.Error(resource, hostPath, DiagnosticCodes.UnknownHost, $"\"{destination.Host}\": a destination names one service, not a wildcard");
            return;
        }

        var service = context.Catalog.ResolveHost(destination.Host, resource.Metadata.Namespace);
        if (service is null)
        {
            context.Error(resource, hostPath, DiagnosticCodes.UnknownHost, $"host \"{destination.Host}\" names no known service ({context.KnownServices()})");
            return;
        }

        if (destination.Subset is { } subset && !context.DefinesSubset(service, subset))
        {
            context.Error(resource, $"{path}.subset", DiagnosticCodes.UndefinedSubset,
                $"subset \"{subset}\" is not defined by any DestinationRule for host {service.Host}");
        }
    }
}
