using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks names and namespaces as Kubernetes would, and the <c>istio.io/dry-run</c> annotation.</summary>
internal static class MetadataAnalyzer
{
    public static void Analyze(ValidationContext context, ConfigResource resource)
    {
        var metadata = resource.Metadata;
        if (Checks.Required(context, resource, "metadata.name", metadata.Name) && !Checks.IsDnsSubdomain(metadata.Name))
        {
            context.Error(resource, "metadata.name", DiagnosticCodes.InvalidValue,
                $"\"{metadata.Name}\" is not a valid name (lowercase letters, digits, '-' and '.')");
        }

        if (!Checks.IsDnsLabel(metadata.Namespace))
        {
            context.Error(resource, "metadata.namespace", DiagnosticCodes.InvalidValue,
                $"\"{metadata.Namespace}\" is not a valid namespace (lowercase letters, digits and '-')");
        }

        if (metadata.Annotations.TryGetValue(AuthorizationPolicy.DryRunAnnotation, out var dryRun))
        {
            var path = FieldPath.Field("metadata.annotations", AuthorizationPolicy.DryRunAnnotation);
            if (resource is not AuthorizationPolicy)
            {
                context.Warning(resource, path, DiagnosticCodes.UnsupportedValue, $"only AuthorizationPolicy supports {AuthorizationPolicy.DryRunAnnotation}; ignored");
            }
            else if (!string.Equals(dryRun, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(dryRun, "false", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(resource, path, DiagnosticCodes.InvalidValue, $"\"{dryRun}\" is not true or false");
            }
        }
    }
}
