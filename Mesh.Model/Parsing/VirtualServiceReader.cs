using Mesh.Model.Resources;

namespace Mesh.Model.Parsing;

/// <summary>Reads a <c>VirtualService</c>'s <c>spec</c>.</summary>
internal static class VirtualServiceReader
{
    private const string HttpOnly = "not supported by the mesh, which routes HTTP only; ignored";

    private static readonly Dictionary<string, RedirectDerivePort> DerivePorts = new(StringComparer.Ordinal)
    {
        ["FROM_PROTOCOL_DEFAULT"] = RedirectDerivePort.FromProtocolDefault,
        ["FROM_REQUEST_PORT"] = RedirectDerivePort.FromRequestPort,
    };

    public static VirtualServiceSpec Read(YamlObject o)
    {
        var spec = new VirtualServiceSpec
        {
            Hosts = o.StringList("hosts"),
            Gateways = o.StringList("gateways"),
            Http = o.ObjectList("http", Route),
        };
        o.Unsupported("tcp", HttpOnly);
        o.Unsupported("tls", HttpOnly);
        o.Unsupported("exportTo", "not supported by the mesh (every resource is visible to every namespace); ignored");
        return spec;
    }

    private static VirtualServiceRoute Route(YamlObject o)
    {
        var route = new VirtualServiceRoute
        {
            Name = o.String("name"),
            Match = o.ObjectList("match", Match),
            Route = o.ObjectList("route", RouteDestination),
            Redirect = o.Object("redirect", Redirect),
            DirectResponse = o.Object("directResponse", DirectResponse),
            Rewrite = o.Object("rewrite", Rewrite),
            Timeout = o.Duration("timeout"),
            Retries = o.Object("retries", Retries),
            Fault = o.Object("fault", Fault),
            Mirror = o.Object("mirror", CommonReaders.Destination),
            MirrorPercentage = CommonReaders.Percent(o, "mirrorPercentage") ?? o.Int("mirrorPercent"),
            Mirrors = o.ObjectList("mirrors", Mirror),
            Headers = o.Object("headers", CommonReaders.Headers),
        };
        o.Unsupported("corsPolicy");
        o.Unsupported("delegate");
        return route;
    }

    private static HttpMatchRequest Match(YamlObject o)
    {
        var match = new HttpMatchRequest
        {
            Name = o.String("name"),
            Uri = o.Object("uri", CommonReaders.StringMatch),
            Scheme = o.Object("scheme", CommonReaders.StringMatch),
            Method = o.Object("method", CommonReaders.StringMatch),
            Authority = o.Object("authority", CommonReaders.StringMatch),
            Headers = o.ObjectMap("headers", CommonReaders.StringMatch),
            QueryParams = o.ObjectMap("queryParams", CommonReaders.StringMatch),
            WithoutHeaders = o.ObjectMap("withoutHeaders", CommonReaders.StringMatch),
            IgnoreUriCase = o.Bool("ignoreUriCase") ?? false,
            SourceLabels = o.StringMap("sourceLabels"),
            SourceNamespace = o.String("sourceNamespace"),
            Gateways = o.StringList("gateways"),
        };
        o.Unsupported("port", "not supported by the mesh (a service has one HTTP endpoint, so every port matches); ignored");
        o.Unsupported("statPrefix");
        return match;
    }

    private static HttpRouteDestination RouteDestination(YamlObject o) => new()
    {
        Destination = o.Object("destination", CommonReaders.Destination) ?? new Destination(),
        Weight = o.Int("weight"),
        Headers = o.Object("headers", CommonReaders.Headers),
    };

    private static HttpRedirect Redirect(YamlObject o)
    {
        var redirect = new HttpRedirect
        {
            Uri = o.String("uri"),
            PrefixRewrite = o.String("prefixRewrite"),
            Authority = o.String("authority"),
            Port = o.Int("port"),
            DerivePort = o.Enum("derivePort", DerivePorts),
            Scheme = o.String("scheme"),
            RedirectCode = o.Int("redirectCode"),
        };
        return redirect;
    }

    private static HttpDirectResponse DirectResponse(YamlObject o) => new()
    {
        Status = o.Int("status") ?? 0,
        Body = o.Object("body", static b =>
        {
            b.Unsupported("bytes", "not supported by the mesh (use body.string); ignored");
            return new BodyText(b.String("string"));
        })?.Text,
    };

    private static HttpRewrite Rewrite(YamlObject o)
    {
        var rewrite = new HttpRewrite { Uri = o.String("uri"), Authority = o.String("authority") };
        o.Unsupported("uriRegexRewrite");
        return rewrite;
    }

    private static HttpRetry Retries(YamlObject o)
    {
        var retry = new HttpRetry
        {
            Attempts = o.Int("attempts"),
            PerTryTimeout = o.Duration("perTryTimeout"),
            RetryOn = o.String("retryOn"),
            Backoff = o.Duration("backoff"),
        };
        o.Unsupported("retryRemoteLocalities", "not supported by the mesh (one locality); ignored");
        o.Unsupported("retryIgnorePreviousHosts");
        return retry;
    }

    private static HttpFaultInjection Fault(YamlObject o) => new()
    {
        Delay = o.Object("delay", static d =>
        {
            d.Unsupported("exponentialDelay");
            return new FaultDelay
            {
                FixedDelay = d.Duration("fixedDelay"),
                Percentage = CommonReaders.Percent(d, "percentage") ?? d.Int("percent"),
            };
        }),
        Abort = o.Object("abort", static a =>
        {
            a.Unsupported("http2Error");
            return new FaultAbort { HttpStatus = a.Int("httpStatus"), GrpcStatus = a.String("grpcStatus"), Percentage = CommonReaders.Percent(a, "percentage") };
        }),
    };

    private static HttpMirrorPolicy Mirror(YamlObject o) => new()
    {
        Destination = o.Object("destination", CommonReaders.Destination) ?? new Destination(),
        Percentage = CommonReaders.Percent(o, "percentage"),
    };

    private sealed record BodyText(string? Text);
}
