using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Compiles a VirtualService's HTTP routes for one proxy, in order. Matches that depend on the caller
/// (<c>sourceLabels</c>, <c>sourceNamespace</c>, <c>gateways</c>) are decided here, as Istio decides them
/// when it generates a proxy's configuration; a route whose every match is excluded is left out.
/// </summary>
internal static class VirtualServiceCompiler
{
    /// <param name="context">The compilation.</param>
    /// <param name="resource">The VirtualService.</param>
    /// <param name="gateway">The Istio Gateway (<c>namespace/name</c>) the routes are for, or null for the mesh.</param>
    public static IReadOnlyList<RouteConfig> Compile(CompileContext context, VirtualService resource, string? gateway)
    {
        var routes = new List<RouteConfig>();
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            var route = resource.Spec.Http[i];
            var matches = route.Match.Where(m => Applies(context, resource, m, gateway)).Select(Match).ToList();
            if (route.Match.Count > 0 && matches.Count == 0)
            {
                continue;
            }

            routes.Add(Route(context, resource, route, matches, $"{resource.DisplayName} spec.http[{i}]"));
        }

        return routes;
    }

    /// <summary>The <c>namespace/name</c> a VirtualService's <c>gateways</c> entry names; <c>mesh</c> stays <c>mesh</c>.</summary>
    public static string GatewayKey(string reference, string virtualServiceNamespace) =>
        reference == VirtualService.MeshGateway || reference.Contains('/', StringComparison.Ordinal) ? reference : $"{virtualServiceNamespace}/{reference}";

    private static bool Applies(CompileContext context, VirtualService resource, HttpMatchRequest match, string? gateway)
    {
        var proxy = context.Proxy;
        if (match.SourceLabels.Count > 0 && (gateway is not null || !Labels.Contain(proxy.Labels, match.SourceLabels)))
        {
            return false;
        }

        if (match.SourceNamespace is { } ns && (gateway is not null || !string.Equals(ns, proxy.Namespace, StringComparison.Ordinal)))
        {
            return false;
        }

        return match.Gateways.Count == 0
            || match.Gateways.Any(g => string.Equals(GatewayKey(g, resource.Metadata.Namespace), gateway ?? VirtualService.MeshGateway, StringComparison.Ordinal));
    }

    private static RouteMatchConfig Match(HttpMatchRequest match) => new()
    {
        Path = MatchCompiler.From(match.Uri, match.IgnoreUriCase),
        Method = MatchCompiler.From(match.Method),
        Authority = MatchCompiler.From(match.Authority),
        Scheme = MatchCompiler.From(match.Scheme),
        Headers = MatchCompiler.Named(match.Headers, headers: true),
        QueryParams = MatchCompiler.Named(match.QueryParams, headers: false),
        WithoutHeaders = MatchCompiler.Named(match.WithoutHeaders, headers: true),
    };

    private static RouteConfig Route(CompileContext context, VirtualService resource, VirtualServiceRoute route, List<RouteMatchConfig> matches, string source)
    {
        var ns = resource.Metadata.Namespace;
        var destinations = new List<WeightedDestinationConfig>();
        foreach (var destination in route.Route)
        {
            if (Resolve(context, destination.Destination, ns) is { } target)
            {
                destinations.Add(new WeightedDestinationConfig
                {
                    Service = target.Service.Name,
                    Namespace = target.Service.Namespace,
                    Subset = destination.Destination.Subset,
                    Labels = target.Labels,
                    Weight = destination.Weight ?? (route.Route.Count == 1 ? 100 : 0),
                    Port = destination.Destination.Port,
                    RequestHeaders = MatchCompiler.Headers(destination.Headers?.Request),
                    ResponseHeaders = MatchCompiler.Headers(destination.Headers?.Response),
                });
            }
        }

        return new RouteConfig
        {
            Name = route.Name,
            Source = source,
            Matches = matches,
            Destinations = destinations,
            Redirect = Redirect(route.Redirect),
            DirectResponse = route.DirectResponse is { } direct ? new DirectResponseConfig { Status = direct.Status, Body = direct.Body } : null,
            Rewrite = route.Rewrite is { } rewrite
                ? new RewriteConfig { Path = rewrite.Uri, PathReplacement = PathReplacement.MatchedPrefix, Authority = rewrite.Authority }
                : null,
            Timeout = route.Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : null,
            Retries = Retries(route.Retries),
            Fault = Fault(route.Fault),
            Mirrors = Mirrors(context, route, ns),
            RequestHeaders = MatchCompiler.Headers(route.Headers?.Request),
            ResponseHeaders = MatchCompiler.Headers(route.Headers?.Response),
        };
    }

    /// <summary>A destination's service, and its subset's labels; null when either is unknown (validation reports it).</summary>
    public static (CatalogService Service, IReadOnlyDictionary<string, string> Labels)? Resolve(CompileContext context, Destination destination, string ns)
    {
        if (context.Catalog.ResolveHost(destination.Host, ns) is not { } service)
        {
            return null;
        }

        if (destination.Subset is not { } name)
        {
            return (service, Resources.Empty.Map);
        }

        return context.Policies.For(service).Subset(name) is { } subset ? (service, subset.Labels) : null;
    }

    private static RetryConfig Retries(HttpRetry? retries)
    {
        if (retries is null)
        {
            return RetryConfig.IstioDefault;
        }

        var conditions = (retries.RetryOn ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new RetryConfig
        {
            Attempts = retries.Attempts ?? RetryConfig.IstioDefault.Attempts,
            PerTryTimeout = retries.PerTryTimeout,
            RetryOn = conditions.Length > 0 ? conditions : RetryConfig.IstioDefault.RetryOn,
            Backoff = retries.Backoff ?? RetryConfig.IstioDefault.Backoff,
        };
    }

    private static FaultConfig? Fault(HttpFaultInjection? fault)
    {
        // Without a percentage Istio faults no request; the validator warns about it.
        var delay = fault?.Delay is { FixedDelay: { } duration } d ? new DelayFaultConfig { Duration = duration, Percentage = d.Percentage ?? 0 } : null;
        var abort = fault?.Abort switch
        {
            { HttpStatus: { } status } a => new AbortFaultConfig { HttpStatus = status, Percentage = a.Percentage ?? 0 },
            // Envoy's fault filter answers a gRPC abort with HTTP 200 and the status in grpc-status.
            { GrpcStatus: { } name } a when GrpcStatusCodes.TryGet(name, out var code) =>
                new AbortFaultConfig { HttpStatus = 200, GrpcStatus = code, Percentage = a.Percentage ?? 0 },
            _ => null,
        };
        return delay is null && abort is null ? null : new FaultConfig { Delay = delay, Abort = abort };
    }

    private static List<MirrorConfig> Mirrors(CompileContext context, VirtualServiceRoute route, string ns)
    {
        var mirrors = new List<MirrorConfig>();
        var policies = route.Mirror is { } mirror
            ? [new HttpMirrorPolicy { Destination = mirror, Percentage = route.MirrorPercentage }]
            : route.Mirrors;
        foreach (var policy in policies)
        {
            if (Resolve(context, policy.Destination, ns) is { } target)
            {
                mirrors.Add(new MirrorConfig
                {
                    Service = target.Service.Name,
                    Namespace = target.Service.Namespace,
                    Subset = policy.Destination.Subset,
                    Labels = target.Labels,
                    Percentage = policy.Percentage ?? 100,
                });
            }
        }

        return mirrors;
    }

    private static RedirectConfig? Redirect(HttpRedirect? redirect) => redirect is null ? null : new RedirectConfig
    {
        Path = redirect.Uri ?? redirect.PrefixRewrite,
        PathReplacement = redirect.Uri is null ? PathReplacement.MatchedPrefix : PathReplacement.FullPath,
        Authority = redirect.Authority,
        Port = redirect.Port,
        PortSource = redirect.DerivePort switch
        {
            RedirectDerivePort.FromProtocolDefault => RedirectPortSource.ProtocolDefault,
            RedirectDerivePort.FromRequestPort => RedirectPortSource.Listener,
            _ => RedirectPortSource.Request,
        },
        Scheme = redirect.Scheme,
        // Envoy has five redirect codes; Istio answers 301 for any other (the validator warns).
        StatusCode = redirect.RedirectCode is { } code && RedirectCodes.Envoy.Contains(code) ? code : 301,
    };
}
