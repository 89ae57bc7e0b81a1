using Mesh.Model.Compilation;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks one entry of a VirtualService's <c>spec.http</c>.</summary>
internal static class VirtualServiceRouteAnalyzer
{
    // Envoy's retry conditions (x-envoy-retry-on and x-envoy-retry-grpc-on), as Istio accepts them in retryOn.
    private static readonly HashSet<string> RetryConditions = new(StringComparer.Ordinal)
    {
        "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
        "refused-stream", "retriable-status-codes",
        "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    };

    // Envoy's conditions that need what the mesh does not have (a global rate-limit service's header, retriable_headers
    // in the route, HTTP/3): valid in Istio, so accepted, and said to have no effect rather than silently doing nothing.
    private static readonly HashSet<string> UnsupportedRetryConditions = new(StringComparer.Ordinal)
    {
        "envoy-ratelimited", "retriable-headers", "http3-post-connect-failure",
    };

    public static void Analyze(ValidationContext context, VirtualService resource, VirtualServiceRoute route, string path)
    {
        var actions = (route.Route.Count > 0 ? 1 : 0) + (route.Redirect is null ? 0 : 1) + (route.DirectResponse is null ? 0 : 1);
        if (actions == 0)
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "needs one of route, redirect and directResponse");
        }
        else if (actions > 1)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidValue, "route, redirect and directResponse exclude each other");
        }

        for (var i = 0; i < route.Match.Count; i++)
        {
            Match(context, resource, route.Match[i], $"{path}.match[{i}]");
        }

        Destinations(context, resource, route, path);
        Checks.Duration(context, resource, $"{path}.timeout", route.Timeout, allowZero: true);
        Retries(context, resource, route.Retries, $"{path}.retries");
        Fault(context, resource, route.Fault, $"{path}.fault");
        if (route.Mirror is not null)
        {
            DestinationAnalyzer.Analyze(context, resource, route.Mirror, $"{path}.mirror");
            if (route.Mirrors.Count > 0)
            {
                context.Error(resource, $"{path}.mirrors", DiagnosticCodes.InvalidValue, "mirror and mirrors exclude each other");
            }
        }

        Checks.Percentage(context, resource, $"{path}.mirrorPercentage", route.MirrorPercentage);
        for (var i = 0; i < route.Mirrors.Count; i++)
        {
            DestinationAnalyzer.Analyze(context, resource, route.Mirrors[i].Destination, $"{path}.mirrors[{i}].destination");
            Checks.Percentage(context, resource, $"{path}.mirrors[{i}].percentage.value", route.Mirrors[i].Percentage);
        }

        Headers(context, resource, route.Headers, $"{path}.headers");
        Redirect(context, resource, route, $"{path}.redirect");
        if (route.DirectResponse is { } direct)
        {
            Checks.HttpStatus(context, resource, $"{path}.directResponse.status", direct.Status);
        }

        if (route.Rewrite is not null && route.Redirect is not null)
        {
            context.Error(resource, $"{path}.rewrite", DiagnosticCodes.InvalidValue, "rewrite and redirect exclude each other");
        }
    }

    public static void Headers(ValidationContext context, ConfigResource resource, HeaderManipulation? headers, string path)
    {
        foreach (var (operations, side) in (ReadOnlySpan<(HeaderOperations?, string)>)[(headers?.Request, "request"), (headers?.Response, "response")])
        {
            if (operations is null)
            {
                continue;
            }

            var names = operations.Set.Keys.Concat(operations.Add.Keys).Concat(operations.Remove);
            if (names.Any(string.IsNullOrWhiteSpace))
            {
                context.Error(resource, $"{path}.{side}", DiagnosticCodes.InvalidValue, "header names must not be empty");
            }
        }
    }

    private static void Match(ValidationContext context, VirtualService resource, HttpMatchRequest match, string path)
    {
        Checks.StringMatch(context, resource, $"{path}.uri", match.Uri, match.IgnoreUriCase);
        Checks.StringMatch(context, resource, $"{path}.scheme", match.Scheme);
        Checks.StringMatch(context, resource, $"{path}.method", match.Method);
        Checks.StringMatch(context, resource, $"{path}.authority", match.Authority);
        Checks.StringMatches(context, resource, $"{path}.headers", WithoutPresence(match.Headers));
        Checks.StringMatches(context, resource, $"{path}.queryParams", WithoutPresence(match.QueryParams));
        Checks.StringMatches(context, resource, $"{path}.withoutHeaders", WithoutPresence(match.WithoutHeaders));
    }

    // Istio reads a named match's regex "*" as "present" (Envoy's present_match), not as a regular expression.
    private static IReadOnlyDictionary<string, StringMatch> WithoutPresence(IReadOnlyDictionary<string, StringMatch> matches) =>
        matches.Values.Any(static m => m.Regex == "*") ? matches.Where(static m => m.Value.Regex != "*").ToDictionary() : matches;

    private static void Destinations(ValidationContext context, VirtualService resource, VirtualServiceRoute route, string path)
    {
        var total = 0;
        var lastWeighted = -1;
        for (var i = 0; i < route.Route.Count; i++)
        {
            var destination = route.Route[i];
            DestinationAnalyzer.Analyze(context, resource, destination.Destination, $"{path}.route[{i}].destination");
            Headers(context, resource, destination.Headers, $"{path}.route[{i}].headers");
            if (destination.Weight is { } weight)
            {
                lastWeighted = i;
                total += weight;
                if (weight < 0)
                {
                    context.Error(resource, $"{path}.route[{i}].weight", DiagnosticCodes.Weights, $"weight {weight} is negative");
                }
            }
        }

        // Istio: the weights of several destinations add up to 100; a single destination may omit its weight.
        if (route.Route.Count > 1 && total != 100)
        {
            var at = lastWeighted < 0 ? $"{path}.route" : $"{path}.route[{lastWeighted}].weight";
            var message = lastWeighted < 0
                ? $"{route.Route.Count} destinations without weights; give each a weight, adding up to 100"
                : $"weights add up to {total}, expected 100";
            context.Error(resource, at, DiagnosticCodes.Weights, message);
        }
    }

    private static void Retries(ValidationContext context, VirtualService resource, HttpRetry? retries, string path)
    {
        if (retries is null)
        {
            return;
        }

        Checks.Range(context, resource, $"{path}.attempts", retries.Attempts, 0, int.MaxValue);
        Checks.Duration(context, resource, $"{path}.perTryTimeout", retries.PerTryTimeout);
        Checks.Duration(context, resource, $"{path}.backoff", retries.Backoff);
        foreach (var condition in (retries.RetryOn ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var isStatus = int.TryParse(condition, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status)
                && status is >= 100 and <= 599;
            if (UnsupportedRetryConditions.Contains(condition))
            {
                context.Warning(resource, $"{path}.retryOn", DiagnosticCodes.UnsupportedValue,
                    $"\"{condition}\" is not supported by the mesh; no request is retried for it");
            }
            else if (!isStatus && !RetryConditions.Contains(condition))
            {
                context.Error(resource, $"{path}.retryOn", DiagnosticCodes.InvalidValue,
                    $"\"{condition}\" is not a retry condition (e.g. 5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, or a status code)");
            }
        }
    }

    private static void Fault(ValidationContext context, VirtualService resource, HttpFaultInjection? fault, string path)
    {
        if (fault is null)
        {
            return;
        }

        if (fault.Delay is null && fault.Abort is null)
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "needs a delay, an abort or both");
        }

        if (fault.Delay is { } delay)
        {
            if (delay.FixedDelay is null)
            {
                context.Error(resource, $"{path}.delay.fixedDelay", DiagnosticCodes.MissingField, "required");
            }

            Checks.Duration(context, resource, $"{path}.delay.fixedDelay", delay.FixedDelay);
            Checks.Percentage(context, resource, $"{path}.delay.percentage.value", delay.Percentage);
            if (delay.Percentage is null)
            {
                context.Warning(resource, $"{path}.delay", DiagnosticCodes.MissingField, "no percentage: no request is delayed (as in Istio); add percentage.value: 100 to delay every request");
            }
        }

        if (fault.Abort is { } abort)
        {
            if (abort.HttpStatus is null && abort.GrpcStatus is null)
            {
                context.Error(resource, $"{path}.abort.httpStatus", DiagnosticCodes.MissingField, "required: httpStatus or grpcStatus");
            }
            else if (abort.HttpStatus is not null && abort.GrpcStatus is not null)
            {
                context.Error(resource, $"{path}.abort.grpcStatus", DiagnosticCodes.InvalidValue, "httpStatus and grpcStatus exclude each other (Istio's abort takes one)");
            }

            Checks.HttpStatus(context, resource, $"{path}.abort.httpStatus", abort.HttpStatus);
            GrpcStatus(context, resource, $"{path}.abort.grpcStatus", abort.GrpcStatus);
            Checks.Percentage(context, resource, $"{path}.abort.percentage.value", abort.Percentage);
            if (abort.Percentage is null)
            {
                context.Warning(resource, $"{path}.abort", DiagnosticCodes.MissingField, "no percentage: no request is aborted (as in Istio); add percentage.value: 100 to abort every request");
            }
        }
    }

    // Istio takes a status's name exactly as gRPC writes it (UNAVAILABLE), never its number (14) nor another case.
    private static void GrpcStatus(ValidationContext context, VirtualService resource, string path, string? name)
    {
        if (name is null || GrpcStatusCodes.TryGet(name, out _))
        {
            return;
        }

        var names = GrpcStatusCodes.Names.ToList();
        var hint = names.Find(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } cased
            ? $"did you mean {cased}? Names are written in capitals"
            : int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number < names.Count
                ? $"name the status, not its number: {names[number]}"
                : "one of " + string.Join(", ", names);
        context.Error(resource, path, DiagnosticCodes.InvalidValue, $"\"{name}\" is not a gRPC status ({hint})");
    }

    private static void Redirect(ValidationContext context, VirtualService resource, VirtualServiceRoute route, string path)
    {
        if (route.Redirect is not { } redirect)
        {
            return;
        }

        if (redirect.Uri is not null && redirect.PrefixRewrite is not null)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidValue, "uri and prefixRewrite exclude each other");
        }

        if (redirect.PrefixRewrite is not null && route.Match.Any(static m => m.Uri is not null && m.Uri.Prefix is null))
        {
            context.Error(resource, $"{path}.prefixRewrite", DiagnosticCodes.InvalidValue, "needs every uri match of the route to be a prefix match");
        }

        if (redirect is { Uri: null, PrefixRewrite: null, Authority: null, Port: null, DerivePort: null, Scheme: null })
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "needs one of uri, prefixRewrite, authority, scheme, port and derivePort");
        }

        Checks.Range(context, resource, $"{path}.redirectCode", redirect.RedirectCode, 300, 399);
        if (redirect.RedirectCode is >= 300 and <= 399 and var code && !RedirectCodes.Envoy.Contains(code))
        {
            context.Warning(resource, $"{path}.redirectCode", DiagnosticCodes.UnsupportedValue,
                $"{code} is not one of Envoy's redirect codes (301, 302, 303, 307, 308): answered with 301, as Istio does");
        }

        Checks.Port(context, resource, $"{path}.port", redirect.Port);
        if (redirect is { Port: not null, DerivePort: not null })
        {
            context.Error(resource, $"{path}.derivePort", DiagnosticCodes.InvalidValue, "port and derivePort exclude each other");
        }

        if (redirect.Scheme is not (null or "http" or "https"))
        {
            context.Error(resource, $"{path}.scheme", DiagnosticCodes.InvalidValue, $"\"{redirect.Scheme}\" is not http or https");
        }
    }
}
