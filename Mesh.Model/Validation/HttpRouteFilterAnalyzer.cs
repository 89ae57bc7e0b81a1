using Mesh.Model.Compilation;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>
/// Checks the filters of an HTTPRoute rule and of its backends, as the Gateway API specifies them: a filter type at most
/// once (RequestMirror excepted), URLRewrite and RequestRedirect not together, one action per header name, and no filter
/// the mesh cannot run. The Gateway API forbids passing a request on without a filter it names (the route is not
/// accepted), so a filter the mesh does not implement is an error, never skipped.
/// </summary>
internal static class HttpRouteFilterAnalyzer
{
    private const string Known = "RequestHeaderModifier, ResponseHeaderModifier, URLRewrite, RequestMirror, RequestRedirect";

    /// <summary>Checks <paramref name="filters"/>, the filters of a rule or (<paramref name="backend"/>) of one of its backends.</summary>
    public static void Analyze(ValidationContext context, HttpRoute resource, HttpRouteRule rule, IReadOnlyList<HttpRouteFilter> filters, string path, bool backend)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i];
            var at = $"{path}.filters[{i}]";
            if (filter.Type != HttpRouteFilterTypes.RequestMirror && !seen.Add(filter.Type) && filter.Type.Length > 0)
            {
                context.Error(resource, $"{at}.type", DiagnosticCodes.InvalidValue, $"a second {filter.Type} filter: the Gateway API allows one per {(backend ? "backend" : "rule")} (RequestMirror excepted)");
            }

            Filter(context, resource, rule, filter, at, backend);
        }

        if (seen.Contains(HttpRouteFilterTypes.UrlRewrite) && seen.Contains(HttpRouteFilterTypes.RequestRedirect))
        {
            context.Error(resource, $"{path}.filters", DiagnosticCodes.InvalidValue, "URLRewrite and RequestRedirect exclude each other");
        }
    }

    private static void Filter(ValidationContext context, HttpRoute resource, HttpRouteRule rule, HttpRouteFilter filter, string path, bool backend)
    {
        var (payload, field) = filter.Type switch
        {
            HttpRouteFilterTypes.RequestHeaderModifier => ((object?)filter.RequestHeaderModifier, "requestHeaderModifier"),
            HttpRouteFilterTypes.ResponseHeaderModifier => (filter.ResponseHeaderModifier, "responseHeaderModifier"),
            HttpRouteFilterTypes.UrlRewrite => (filter.UrlRewrite, "urlRewrite"),
            HttpRouteFilterTypes.RequestMirror => (filter.RequestMirror, "requestMirror"),
            HttpRouteFilterTypes.RequestRedirect => (filter.RequestRedirect, "requestRedirect"),
            _ => (null, null),
        };
        if (field is null)
        {
            context.Error(resource, $"{path}.type", filter.Type is "CORS" or "ExternalAuth" or "ExtensionRef" ? DiagnosticCodes.UnsupportedValue : DiagnosticCodes.InvalidValue,
                filter.Type switch
                {
                    "" => "required",
                    "CORS" or "ExternalAuth" or "ExtensionRef" =>
                        $"filter type {filter.Type} is not supported by the mesh, and the Gateway API does not let a request pass without a filter it names; remove it to route locally",
                    _ => $"\"{filter.Type}\" is not a filter type ({Known})",
                });
            return;
        }

        if (payload is null)
        {
            context.Error(resource, $"{path}.{field}", DiagnosticCodes.MissingField, $"required for type {filter.Type}");
            return;
        }

        if (backend && field is not ("requestHeaderModifier" or "responseHeaderModifier"))
        {
            context.Error(resource, $"{path}.type", DiagnosticCodes.UnsupportedValue,
                $"{filter.Type} on a backendRef is not supported by the mesh (only the header modifiers are); put it on the rule");
            return;
        }

        HeaderFilter(context, resource, filter.RequestHeaderModifier, $"{path}.requestHeaderModifier");
        HeaderFilter(context, resource, filter.ResponseHeaderModifier, $"{path}.responseHeaderModifier");
        if (filter.UrlRewrite?.Path is { } rewrite)
        {
            PathModifier(context, resource, rule, rewrite, $"{path}.urlRewrite.path");
        }

        if (filter.RequestRedirect is { } redirect)
        {
            Redirect(context, resource, rule, redirect, $"{path}.requestRedirect");
        }

        if (filter.RequestMirror is { } mirror)
        {
            HttpRouteAnalyzer.Backend(context, resource, mirror.BackendRef, $"{path}.requestMirror.backendRef");
            Checks.Percentage(context, resource, $"{path}.requestMirror.percent", mirror.Percent);
        }
    }

    // The Gateway API: "Only one action for a given header name is permitted", names compared without case.
    private static void HeaderFilter(ValidationContext context, HttpRoute resource, HttpHeaderFilter? filter, string path)
    {
        if (filter is null)
        {
            return;
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (action, list) in (ReadOnlySpan<(string, IReadOnlyList<string>)>)
            [("set", [.. filter.Set.Select(static h => h.Name)]), ("add", [.. filter.Add.Select(static h => h.Name)]), ("remove", filter.Remove)])
        {
            for (var i = 0; i < list.Count; i++)
            {
                var at = action == "remove" ? $"{path}.remove[{i}]" : $"{path}.{action}[{i}].name";
                if (Checks.Required(context, resource, at, list[i]) && !names.TryAdd(list[i], $"{action}[{i}]"))
                {
                    context.Error(resource, at, DiagnosticCodes.InvalidValue,
                        $"header \"{list[i]}\" already has an action ({names[list[i]]}); the Gateway API allows one per header name");
                }
            }
        }
    }

    private static void Redirect(ValidationContext context, HttpRoute resource, HttpRouteRule rule, HttpRequestRedirectFilter redirect, string path)
    {
        if (redirect.Path is not null)
        {
            PathModifier(context, resource, rule, redirect.Path, $"{path}.path");
        }

        if (redirect.StatusCode is { } code && !RedirectCodes.Envoy.Contains(code))
        {
            context.Error(resource, $"{path}.statusCode", DiagnosticCodes.OutOfRange, $"{code} is not a redirect status (301, 302, 303, 307 or 308)");
        }

        if (redirect.Scheme is not (null or "http" or "https"))
        {
            context.Error(resource, $"{path}.scheme", DiagnosticCodes.InvalidValue, $"\"{redirect.Scheme}\" is not http or https");
        }

        Checks.Port(context, resource, $"{path}.port", redirect.Port);
    }

    private static void PathModifier(ValidationContext context, HttpRoute resource, HttpRouteRule rule, HttpPathModifier modifier, string path)
    {
        switch (modifier.Type)
        {
            case "ReplaceFullPath" when modifier.ReplaceFullPath is null:
                context.Error(resource, $"{path}.replaceFullPath", DiagnosticCodes.MissingField, "required for type ReplaceFullPath");
                break;
            case "ReplaceFullPath":
                break;
            case "ReplacePrefixMatch":
                // An empty replacement is valid: it removes the matched prefix (the specification's table).
                if (modifier.ReplacePrefixMatch is null)
                {
                    context.Error(resource, $"{path}.replacePrefixMatch", DiagnosticCodes.MissingField, "required for type ReplacePrefixMatch");
                }

                if (rule.Matches.Any(static m => m.Path is { Type: not PathMatchType.PathPrefix }))
                {
                    context.Error(resource, path, DiagnosticCodes.InvalidValue, "ReplacePrefixMatch needs every path match of the rule to be a PathPrefix match");
                }

                break;
            default:
                context.Error(resource, $"{path}.type", DiagnosticCodes.InvalidValue, $"\"{modifier.Type}\" is not ReplaceFullPath or ReplacePrefixMatch");
                break;
        }
    }
}
