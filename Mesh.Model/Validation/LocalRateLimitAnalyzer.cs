using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a <c>LocalRateLimit</c> (schema in Mesh.Model/README.md).</summary>
internal static class LocalRateLimitAnalyzer
{
    /// <summary>Envoy's floor for a local rate limit's fill interval.</summary>
    private static readonly TimeSpan MinimumFillInterval = TimeSpan.FromMilliseconds(50);

    public static void Analyze(ValidationContext context, LocalRateLimit resource)
    {
        var spec = resource.Spec;
        if (spec.Selector is not null && spec.TargetRef is not null)
        {
            context.Error(resource, "spec.targetRef", DiagnosticCodes.InvalidValue, "set selector or targetRef, not both");
        }

        Checks.SelectsWorkloads(context, resource, "spec.selector.matchLabels", spec.Selector?.MatchLabels, resource.Metadata.Namespace);
        if (spec.TargetRef is { } target)
        {
            if (!string.Equals(target.Kind, "Service", StringComparison.Ordinal) || target.Group is not ("" or "core"))
            {
                context.Error(resource, "spec.targetRef.kind", DiagnosticCodes.InvalidValue, $"{target.Kind} is not supported: use a Service");
            }
            else if (Checks.Required(context, resource, "spec.targetRef.name", target.Name)
                && context.Catalog.ResolveHost(target.Name, target.Namespace ?? resource.Metadata.Namespace) is null)
            {
                context.Error(resource, "spec.targetRef.name", DiagnosticCodes.UnknownHost, $"\"{target.Name}\" names no known service ({context.KnownServices()})");
            }
        }

        if (spec.TokenBucket is not { } bucket)
        {
            context.Error(resource, "spec.tokenBucket", DiagnosticCodes.MissingField, "required");
        }
        else
        {
            if (bucket.MaxTokens is null)
            {
                context.Error(resource, "spec.tokenBucket.maxTokens", DiagnosticCodes.MissingField, "required");
            }

            Checks.Range(context, resource, "spec.tokenBucket.maxTokens", bucket.MaxTokens, 1, int.MaxValue);
            Checks.Range(context, resource, "spec.tokenBucket.tokensPerFill", bucket.TokensPerFill, 1, int.MaxValue);
            if (bucket.FillInterval is null)
            {
                context.Error(resource, "spec.tokenBucket.fillInterval", DiagnosticCodes.MissingField, "required");
            }

            Checks.Duration(context, resource, "spec.tokenBucket.fillInterval", bucket.FillInterval, minimum: MinimumFillInterval);
        }

        for (var i = 0; i < spec.Paths.Count; i++)
        {
            Checks.StringMatch(context, resource, $"spec.match.paths[{i}]", spec.Paths[i]);
        }
    }
}
