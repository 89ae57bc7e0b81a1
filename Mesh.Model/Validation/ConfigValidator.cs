using Mesh.Model.Compilation;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>
/// Checks a set of resources against each other and the known services before anything is applied, like
/// <c>istioctl analyze</c>: required fields, values and ranges, references (hosts, subsets, gateways), and
/// conflicts. Reading (<see cref="Parsing.ResourceReader"/>) has already reported syntax, unknown kinds and
/// versions, unknown fields and unsupported fields.
/// </summary>
internal static class ConfigValidator
{
    /// <summary>The <see cref="ConfigDiagnostic.Source"/> of resources built in C# (they have no origin).</summary>
    public const string CodeSource = "code";

    /// <summary>
    /// Analyzes <paramref name="resources"/> (the whole configuration that would be in force) against the services
    /// of <paramref name="catalog"/>. Any error means the set must not be applied.
    /// </summary>
    public static IReadOnlyList<ConfigDiagnostic> Validate(IReadOnlyList<ConfigResource> resources, ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(catalog);

        var context = new ValidationContext(resources, catalog);
        foreach (var resource in resources)
        {
            MetadataAnalyzer.Analyze(context, resource);
            SizeAnalyzer.Analyze(context, resource);
            switch (resource)
            {
                case VirtualService virtualService:
                    VirtualServiceAnalyzer.Analyze(context, virtualService);
                    break;
                case DestinationRule destinationRule:
                    DestinationRuleAnalyzer.Analyze(context, destinationRule);
                    break;
                case Gateway gateway:
                    GatewayAnalyzer.Analyze(context, gateway);
                    break;
                case KubernetesGateway gateway:
                    GatewayAnalyzer.Analyze(context, gateway);
                    break;
                case AuthorizationPolicy policy:
                    AuthorizationPolicyAnalyzer.Analyze(context, policy);
                    break;
                case PeerAuthentication policy:
                    PeerAuthenticationAnalyzer.Analyze(context, policy);
                    break;
                case HttpRoute route:
                    HttpRouteAnalyzer.Analyze(context, route);
                    break;
                case LocalRateLimit limit:
                    LocalRateLimitAnalyzer.Analyze(context, limit);
                    break;
            }
        }

        ConflictAnalyzer.Analyze(context);
        return context.Diagnostics
            .OrderBy(static d => d.Source, StringComparer.Ordinal)
            .ThenBy(static d => d.DocumentIndex ?? 0)
            .ThenBy(static d => d.Line ?? 0)
            .ThenBy(static d => d.Column ?? 0)
            .ToList();
    }
}
