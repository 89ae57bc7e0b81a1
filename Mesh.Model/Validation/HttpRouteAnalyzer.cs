using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a Gateway API <c>HTTPRoute</c>: parents, matches, filters, backends, timeouts and retries.</summary>
internal static class HttpRouteAnalyzer
{
    private static readonly HashSet<int> RedirectCodes = [301, 302, 303, 307, 308];

    public static void Analyze(ValidationContext context, HttpRoute resource)
    {
        var spec = resource.Spec;
        if (spec.ParentRefs.Count == 0)
        {
            context.Error(resource, "spec.parentRefs", DiagnosticCodes.MissingField, "required: a Service (mesh routing) or a Gateway (ingress)");
        }

        for (var i = 0; i < spec.ParentRefs.Count; i++)
        {
            Parent(context, resource, spec.ParentRefs[i], $"spec.parentRefs[{i}]");
        }

        for (var i = 0; i < spec.Rules.Count; i++)
        {
            Rule(context, resource, spec.Rules[i], $"spec.rules[{i}]");
        }
    }

    private static void Parent(ValidationContext context, HttpRoute resource, ParentReference parent, string path)
    {
        if (!Checks.Required(context, resource, $"{path}.name", parent.Name))
        {
            return;
        }

        var ns = parent.Namespace ?? resource.Metadata.Namespace;
        if (parent.IsService)
        {
            if (context.Catalog.Find(parent.Name, ns) is null)
            {
                context.Error(resource, $"{path}.name", DiagnosticCodes.UnknownHost, $"Service \"{parent.Name}\" is not a known service in namespace {ns} ({context.KnownServices()})");
            }

            return;
        }

        if (!string.Equals(parent.Kind, ResourceKinds.Gateway, StringComparison.Ordinal)
            || parent.Group is not (null or ResourceKinds.GatewayApiGroup))
        {
            context.Error(resource, $"{path}.kind", DiagnosticCodes.InvalidValue, $"parent {parent.Group}/{parent.Kind} is not supported: use a Service or a {ResourceKinds.GatewayApiGroup} Gateway");
            return;
        }

        var gateway = context.Resources.OfType<KubernetesGateway>().FirstOrDefault(g =>
            string.Equals(g.Metadata.Name, parent.Name, StringComparison.Ordinal) && string.Equals(g.Metadata.Namespace, ns, StringComparison.Ordinal));
        if (gateway is null)
        {
            context.Error(resource, $"{path}.name", DiagnosticCodes.UnknownReference, $"no Gateway \"{ns}/{parent.Name}\" ({ResourceKinds.GatewayApiGroup})");
        }
        else if (parent.SectionName is { } section && !gateway.Spec.Listeners.Any(l => string.Equals(l.Name, section, StringComparison.Ordinal)))
        {
            context.Error(resource, $"{path}.sectionName", DiagnosticCodes.UnknownReference, $"Gateway {ns}/{parent.Name} has no listener \"{section}\"");
        }
    }

    private static void Rule(ValidationContext context, HttpRoute resource, HttpRouteRule rule, string path)
    {
        for (var i = 0; i < rule.Matches.Count; i++)
        {
            Match(context, resource, rule.Matches[i], $"{path}.matches[{i}]");
        }

        var redirects = false;
        for (var i = 0; i < rule.Filters.Count; i++)
        {
            redirects |= rule.Filters[i].RequestRedirect is not null;
            Filter(context, resource, rule, rule.Filters[i], $"{path}.filters[{i}]", perBackend: false);
        }

        for (var i = 0; i < rule.BackendRefs.Count; i++)
        {
            var backend = rule.BackendRefs[i];
            var at = $"{path}.backendRefs[{i}]";
            Backend(context, resource, backend, at);
            Checks.Range(context, resource, $"{at}.weight", backend.Weight, 0, 1_000_000);
            for (var j = 0; j < backend.Filters.Count; j++)
            {
                Filter(context, resource, rule, backend.Filters[j], $"{at}.filters[{j}]", perBackend: true);
            }
        }

        if (rule.BackendRefs.Count == 0 && !redirects)
        {
            context.Warning(resource, path, DiagnosticCodes.MissingField, "no backendRefs: matching requests get 500, as the Gateway API specifies");
        }

        if (rule.Timeouts is { } timeouts)
        {
            Checks.Duration(context, resource, $"{path}.timeouts.request", timeouts.Request, allowZero: true);
            Checks.Duration(context, resource, $"{path}.timeouts.backendRequest", timeouts.BackendRequest, allowZero: true);
            if (timeouts is { Request: { } request, BackendRequest: { } backendRequest } && request > TimeSpan.Zero && backendRequest > request)
            {
                context.Error(resource, $"{path}.timeouts.backendRequest", DiagnosticCodes.InvalidDuration,
                    $"{IstioDuration.Format(backendRequest)} is longer than timeouts.request ({IstioDuration.Format(request)})");
            }
        }

        if (rule.Retry is { } retry)
        {
            Checks.Range(context, resource, $"{path}.retry.attempts", retry.Attempts, 0, int.MaxValue);
            Checks.Duration(context, resource, $"{path}.retry.backoff", retry.Backoff);
            for (var i = 0; i < retry.Codes.Count; i++)
            {
                Checks.Range(context, resource, $"{path}.retry.codes[{i}]", retry.Codes[i], 400, 599);
            }
        }
    }

    private static void Match(ValidationContext context, HttpRoute resource, HttpRouteMatch match, string path)
    {
        if (match.Path is { } pathMatch)
        {
            if (pathMatch.Type == PathMatchType.RegularExpression)
            {
                Checks.Regex(context, resource, $"{path}.path.value", pathMatch.Value);
            }
            else if (!pathMatch.Value.StartsWith('/'))
            {
                context.Error(resource, $"{path}.path.value", DiagnosticCodes.InvalidValue, $"\"{pathMatch.Value}\" must start with /");
            }
        }

        foreach (var (list, name) in (ReadOnlySpan<(IReadOnlyList<HttpNameMatch>, string)>)[(match.Headers, "headers"), (match.QueryParams, "queryParams")])
        {
            for (var i = 0; i < list.Count; i++)
            {
                Checks.Required(context, resource, $"{path}.{name}[{i}].name", list[i].Name);
                if (list[i].IsRegularExpression)
                {
                    Checks.Regex(context, resource, $"{path}.{name}[{i}].value", list[i].Value);
                }
            }
        }

        if (match.Method is { } method && !Checks.IsHttpMethod(method))
        {
            context.Error(resource, $"{path}.method", DiagnosticCodes.InvalidValue, $"\"{method}\" is not an HTTP method (GET, POST, ...)");
        }
    }

    private static void Filter(ValidationContext context, HttpRoute resource, HttpRouteRule rule, HttpRouteFilter filter, string path, bool perBackend)
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
            if (filter.Type is not ("CORS" or "ExternalAuth" or "ExtensionRef"))
            {
                context.Error(resource, $"{path}.type", DiagnosticCodes.InvalidValue, filter.Type.Length == 0
                    ? "required"
                    : $"\"{filter.Type}\" is not a filter type (RequestHeaderModifier, ResponseHeaderModifier, URLRewrite, RequestMirror, RequestRedirect)");
            }

            return;
        }

        if (payload is null)
        {
            context.Error(resource, $"{path}.{field}", DiagnosticCodes.MissingField, $"required for type {filter.Type}");
            return;
        }

        if (perBackend && field is not ("requestHeaderModifier" or "responseHeaderModifier"))
        {
            context.Warning(resource, $"{path}.type", DiagnosticCodes.UnsupportedValue, $"{filter.Type} on a backendRef is not supported by the mesh (only header modifiers); ignored");
            return;
        }

        if (filter.UrlRewrite?.Path is { } rewrite)
        {
            PathModifier(context, resource, rule, rewrite, $"{path}.urlRewrite.path");
        }

        if (filter.RequestRedirect is { } redirect)
        {
            if (redirect.Path is not null)
            {
                PathModifier(context, resource, rule, redirect.Path, $"{path}.requestRedirect.path");
            }

            if (redirect.StatusCode is { } code && !RedirectCodes.Contains(code))
            {
                context.Error(resource, $"{path}.requestRedirect.statusCode", DiagnosticCodes.OutOfRange, $"{code} is not a redirect status (301, 302, 303, 307 or 308)");
            }

            if (redirect.Scheme is not (null or "http" or "https"))
            {
                context.Error(resource, $"{path}.requestRedirect.scheme", DiagnosticCodes.InvalidValue, $"\"{redirect.Scheme}\" is not http or https");
            }

            Checks.Port(context, resource, $"{path}.requestRedirect.port", redirect.Port);
        }

        if (filter.RequestMirror is { } mirror)
        {
            Backend(context, resource, mirror.BackendRef, $"{path}.requestMirror.backendRef");
            Checks.Percentage(context, resource, $"{path}.requestMirror.percent", mirror.Percent);
        }
    }

    private static void PathModifier(ValidationContext context, HttpRoute resource, HttpRouteRule rule, HttpPathModifier modifier, string path)
    {
        switch (modifier.Type)
        {
            case "ReplaceFullPath":
                Checks.Required(context, resource, $"{path}.replaceFullPath", modifier.ReplaceFullPath);
                break;
            case "ReplacePrefixMatch":
                Checks.Required(context, resource, $"{path}.replacePrefixMatch", modifier.ReplacePrefixMatch);
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

    private static void Backend(ValidationContext context, HttpRoute resource, HttpBackendRef backend, string path)
    {
        if (!Checks.Required(context, resource, $"{path}.name", backend.Name))
        {
            return;
        }

        Checks.Port(context, resource, $"{path}.port", backend.Port);
        if (backend.Kind is not (null or "Service") || backend.Group is not (null or "" or "core"))
        {
            context.Error(resource, $"{path}.kind", DiagnosticCodes.InvalidValue, $"backend {backend.Group}/{backend.Kind} is not supported: use a Service");
            return;
        }

        var ns = backend.Namespace ?? resource.Metadata.Namespace;
        var target = context.Catalog.ResolveBackend(backend.Name, ns);
        if (target is null)
        {
            context.Error(resource, $"{path}.name", DiagnosticCodes.UnknownHost, $"\"{backend.Name}\" names no known service or service version in namespace {ns} ({context.KnownServices()})");
        }
        else if (target.Version is { } version && !target.Service.Select(target.Labels).Any())
        {
            context.Warning(resource, $"{path}.name", DiagnosticCodes.NoMatchingWorkloads, $"\"{backend.Name}\" (version {version} of {target.Service.Name}) selects no workload today");
        }
    }
}
