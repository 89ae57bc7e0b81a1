using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a Gateway API <c>HTTPRoute</c>: parents, matches, filters, backends, timeouts and retries.</summary>
internal static class HttpRouteAnalyzer
{
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

        for (var i = 0; i < spec.Hostnames.Count; i++)
        {
            Hostname(context, resource, spec.Hostnames[i], $"spec.hostnames[{i}]");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Rules.Count; i++)
        {
            if (spec.Rules[i].Name is { } name && !names.Add(name))
            {
                context.Error(resource, $"spec.rules[{i}].name", DiagnosticCodes.Duplicate, $"rule name \"{name}\" is used twice; the Gateway API requires each to be unique within the route");
            }

            Rule(context, resource, spec.Rules[i], $"spec.rules[{i}]");
        }
    }

    // The Gateway API's Hostname: a DNS name, optionally with a leading "*." label; no IP address, no port.
    private static void Hostname(ValidationContext context, HttpRoute resource, string hostname, string path)
    {
        var name = hostname.StartsWith("*.", StringComparison.Ordinal) ? hostname[2..] : hostname;
        var problem = name.Length == 0 ? "is empty"
            : System.Net.IPAddress.TryParse(name, out _) ? "is an IP address; hostnames name hosts by DNS name"
            : name.Contains('*', StringComparison.Ordinal) ? "has a wildcard other than a leading \"*.\" label"
            : !name.Split('.').All(static label => label.Length is > 0 and <= 63 && label.All(static c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                ? "is not a DNS name (letters, digits and '-' in dot-separated labels; no port)"
            : null;
        if (problem is not null)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidValue, $"\"{hostname}\" {problem}");
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
        else if (parent.Port is { } port && !gateway.Spec.Listeners.Any(l => l.Port == port && (parent.SectionName is null || l.Name == parent.SectionName)))
        {
            context.Error(resource, $"{path}.port", DiagnosticCodes.UnknownReference,
                $"Gateway {ns}/{parent.Name} has no listener on port {port}{(parent.SectionName is null ? "" : $" named \"{parent.SectionName}\"")}");
        }
    }

    private static void Rule(ValidationContext context, HttpRoute resource, HttpRouteRule rule, string path)
    {
        for (var i = 0; i < rule.Matches.Count; i++)
        {
            Match(context, resource, rule.Matches[i], $"{path}.matches[{i}]");
        }

        HttpRouteFilterAnalyzer.Analyze(context, resource, rule, rule.Filters, path, backend: false);
        for (var i = 0; i < rule.BackendRefs.Count; i++)
        {
            var backend = rule.BackendRefs[i];
            var at = $"{path}.backendRefs[{i}]";
            Backend(context, resource, backend, at);
            Checks.Range(context, resource, $"{at}.weight", backend.Weight, 0, 1_000_000);
            HttpRouteFilterAnalyzer.Analyze(context, resource, rule, backend.Filters, at, backend: true);
        }

        if (!rule.BackendRefs.Any(static b => b.Weight > 0) && !rule.Filters.Any(static f => f.RequestRedirect is not null))
        {
            context.Warning(resource, path, DiagnosticCodes.MissingField, rule.BackendRefs.Count == 0
                ? "no backendRefs: matching requests get 500, as the Gateway API specifies"
                : "every backendRef has weight 0: matching requests get 500, as the Gateway API specifies");
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
            else if (pathMatch.Value.Contains("//", StringComparison.Ordinal))
            {
                context.Error(resource, $"{path}.path.value", DiagnosticCodes.InvalidValue, $"\"{pathMatch.Value}\" must not contain consecutive '/'");
            }
        }

        // Header names compare without case, query parameter names exactly.
        foreach (var (list, name, comparer) in (ReadOnlySpan<(IReadOnlyList<HttpNameMatch>, string, StringComparer)>)
            [(match.Headers, "headers", StringComparer.OrdinalIgnoreCase), (match.QueryParams, "queryParams", StringComparer.Ordinal)])
        {
            var seen = new HashSet<string>(comparer);
            for (var i = 0; i < list.Count; i++)
            {
                Checks.Required(context, resource, $"{path}.{name}[{i}].name", list[i].Name);
                if (list[i].IsRegularExpression)
                {
                    Checks.Regex(context, resource, $"{path}.{name}[{i}].value", list[i].Value);
                }

                if (!seen.Add(list[i].Name))
                {
                    context.Warning(resource, $"{path}.{name}[{i}].name", DiagnosticCodes.Duplicate,
                        $"\"{list[i].Name}\" is matched already; only the first match of a name counts, as the Gateway API specifies; ignored");
                }
            }
        }

        if (match.Method is { } method && !Checks.IsHttpMethod(method))
        {
            context.Error(resource, $"{path}.method", DiagnosticCodes.InvalidValue, $"\"{method}\" is not an HTTP method (GET, POST, ...)");
        }
    }

    /// <summary>Checks a backend reference (of a rule or a mirror): a Service, or a version of one, the catalog knows.</summary>
    internal static void Backend(ValidationContext context, HttpRoute resource, HttpBackendRef backend, string path)
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
