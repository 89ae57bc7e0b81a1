using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a <c>PeerAuthentication</c>.</summary>
internal static class PeerAuthenticationAnalyzer
{
    public static void Analyze(ValidationContext context, PeerAuthentication resource)
    {
        var spec = resource.Spec;
        var hasSelector = spec.Selector is { MatchLabels.Count: > 0 };
        if (hasSelector && resource.Metadata.Namespace == ResourceKinds.RootNamespace)
        {
            context.Warning(resource, "spec.selector", DiagnosticCodes.UnsupportedValue,
                $"a PeerAuthentication with a selector in the root namespace {ResourceKinds.RootNamespace} is ignored, as in Istio");
        }
        else
        {
            Checks.SelectsWorkloads(context, resource, "spec.selector.matchLabels", spec.Selector?.MatchLabels, resource.Metadata.Namespace);
        }

        if (spec.PortLevelMtls.Count > 0 && !hasSelector)
        {
            context.Error(resource, "spec.portLevelMtls", DiagnosticCodes.InvalidValue, "needs a selector: port-level mTLS applies to workloads a selector names");
        }

        foreach (var port in spec.PortLevelMtls.Keys)
        {
            Checks.Port(context, resource, FieldPath.Field("spec.portLevelMtls", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), port);
        }
    }
}
