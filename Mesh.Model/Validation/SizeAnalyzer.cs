using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>
/// Checks the lists a sidecar walks for every request against <see cref="InputLimits"/>: routes per resource, match
/// blocks per route, rules per AuthorizationPolicy. Each reaches every affected sidecar's snapshot, so a resource past
/// them is refused rather than pushed.
/// </summary>
internal static class SizeAnalyzer
{
    public static void Analyze(ValidationContext context, ConfigResource resource)
    {
        switch (resource)
        {
            case VirtualService service:
                Bound(context, resource, "spec.http", service.Spec.Http.Count, InputLimits.MaxRoutes, "routes");
                for (var i = 0; i < service.Spec.Http.Count; i++)
                {
                    Bound(context, resource, FieldPath.Item("spec.http", i) + ".match", service.Spec.Http[i].Match.Count, InputLimits.MaxMatches, "match blocks");
                }

                break;
            case HttpRoute route:
                Bound(context, resource, "spec.rules", route.Spec.Rules.Count, InputLimits.MaxRoutes, "rules");
                for (var i = 0; i < route.Spec.Rules.Count; i++)
                {
                    Bound(context, resource, FieldPath.Item("spec.rules", i) + ".matches", route.Spec.Rules[i].Matches.Count, InputLimits.MaxMatches, "matches");
                }

                break;
            case AuthorizationPolicy policy:
                Bound(context, resource, "spec.rules", policy.Spec.Rules.Count, InputLimits.MaxRules, "rules");
                break;
        }
    }

    private static void Bound(ValidationContext context, ConfigResource resource, string path, int count, int limit, string what)
    {
        if (count > limit)
        {
            context.Error(resource, path, DiagnosticCodes.LimitExceeded,
                $"{count} {what}; the mesh takes at most {limit} (each is tried in turn for every request; split the resource)");
        }
    }
}
