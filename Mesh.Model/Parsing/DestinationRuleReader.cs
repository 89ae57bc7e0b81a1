using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>Reads a <c>DestinationRule</c>'s <c>spec</c>.</summary>
internal static class DestinationRuleReader
{
    private static readonly Dictionary<string, SimpleLoadBalancer> SimpleValues = new(StringComparer.Ordinal)
    {
        ["UNSPECIFIED"] = SimpleLoadBalancer.Unspecified,
        ["ROUND_ROBIN"] = SimpleLoadBalancer.RoundRobin,
        ["LEAST_REQUEST"] = SimpleLoadBalancer.LeastRequest,
        ["LEAST_CONN"] = SimpleLoadBalancer.LeastRequest,
        ["RANDOM"] = SimpleLoadBalancer.Random,
        ["PASSTHROUGH"] = SimpleLoadBalancer.Passthrough,
    };

    private static readonly Dictionary<string, ClientTlsMode> TlsModes = new(StringComparer.Ordinal)
    {
        ["DISABLE"] = ClientTlsMode.Disable,
        ["SIMPLE"] = ClientTlsMode.Simple,
        ["MUTUAL"] = ClientTlsMode.Mutual,
        ["ISTIO_MUTUAL"] = ClientTlsMode.IstioMutual,
    };

    public static DestinationRuleSpec Read(YamlObject o)
    {
        var spec = new DestinationRuleSpec
        {
            Host = o.String("host") ?? "",
            TrafficPolicy = o.Object("trafficPolicy", TrafficPolicy),
            Subsets = o.ObjectList("subsets", Subset),
        };
        o.Unsupported("exportTo", "not supported by the mesh (every resource is visible to every namespace); ignored");
        o.Unsupported("workloadSelector");
        return spec;
    }

    private static Subset Subset(YamlObject o) => new()
    {
        Name = o.String("name") ?? "",
        Labels = o.StringMap("labels"),
        TrafficPolicy = o.Object("trafficPolicy", TrafficPolicy),
    };

    private static TrafficPolicy TrafficPolicy(YamlObject o)
    {
        var policy = new TrafficPolicy
        {
            LoadBalancer = o.Object("loadBalancer", LoadBalancer),
            ConnectionPool = o.Object("connectionPool", ConnectionPool),
            OutlierDetection = o.Object("outlierDetection", OutlierDetection),
            Tls = o.Object("tls", Tls),
        };
        o.Unsupported("portLevelSettings", "not supported by the mesh (a service has one HTTP endpoint; set the policy for the whole destination); ignored");
        o.Unsupported("tunnel");
        o.Unsupported("proxyProtocol");
        o.Unsupported("retryBudget");
        return policy;
    }

    private static LoadBalancerSettings LoadBalancer(YamlObject o)
    {
        var settings = new LoadBalancerSettings
        {
            Simple = o.Enum("simple", SimpleValues),
            ConsistentHash = o.Object("consistentHash", ConsistentHash),
        };
        if (settings.Simple is not null && settings.ConsistentHash is not null)
        {
            o.Context.Error(DiagnosticCodes.InvalidValue, o.Path, o.Start, "set only one of simple and consistentHash");
        }

        o.Unsupported("localityLbSetting", "not supported by the mesh (one locality); ignored");
        o.Unsupported("zoneAwareLbSetting", "not supported by the mesh (one locality); ignored");
        o.Unsupported("warmupDurationSecs");
        o.Unsupported("warmup");
        return settings;
    }

    private static ConsistentHashSettings ConsistentHash(YamlObject o)
    {
        var hash = new ConsistentHashSettings
        {
            HttpHeaderName = o.String("httpHeaderName"),
            HttpCookie = o.Object("httpCookie", static c =>
            {
                c.Unsupported("attributes");
                return new HttpCookieSettings { Name = c.String("name") ?? "", Path = c.String("path"), Ttl = c.Duration("ttl") };
            }),
            UseSourceIp = o.Bool("useSourceIp") ?? false,
            HttpQueryParameterName = o.String("httpQueryParameterName"),
        };
        var keys = (hash.HttpHeaderName is null ? 0 : 1) + (hash.HttpCookie is null ? 0 : 1) + (hash.UseSourceIp ? 1 : 0) + (hash.HttpQueryParameterName is null ? 0 : 1);
        if (keys != 1)
        {
            o.Context.Error(DiagnosticCodes.InvalidValue, o.Path, o.Start, "set exactly one of httpHeaderName, httpCookie, useSourceIp and httpQueryParameterName");
        }

        const string Algorithm = "not supported by the mesh (it picks its own hashing algorithm); ignored";
        o.Unsupported("ringHash", Algorithm);
        o.Unsupported("maglev", Algorithm);
        o.Unsupported("minimumRingSize", Algorithm);
        return hash;
    }

    private static ConnectionPoolSettings ConnectionPool(YamlObject o) => new()
    {
        Tcp = o.Object("tcp", static t =>
        {
            t.Unsupported("tcpKeepalive");
            t.Unsupported("idleTimeout", "not supported by the mesh (use http.idleTimeout); ignored");
            return new TcpConnectionPoolSettings
            {
                MaxConnections = t.Int("maxConnections"),
                ConnectTimeout = t.Duration("connectTimeout"),
                MaxConnectionDuration = t.Duration("maxConnectionDuration"),
            };
        }),
        Http = o.Object("http", static h =>
        {
            h.Unsupported("h2UpgradePolicy");
            h.Unsupported("useClientProtocol");
            h.Unsupported("maxConcurrentStreams");
            h.Unsupported("http2KeepAlive");
            return new HttpConnectionPoolSettings
            {
                Http1MaxPendingRequests = h.Int("http1MaxPendingRequests"),
                Http2MaxRequests = h.Int("http2MaxRequests"),
                MaxRequestsPerConnection = h.Int("maxRequestsPerConnection"),
                MaxRetries = h.Int("maxRetries"),
                IdleTimeout = h.Duration("idleTimeout"),
            };
        }),
    };

    private static OutlierDetection OutlierDetection(YamlObject o)
    {
        var detection = new OutlierDetection
        {
            Consecutive5xxErrors = o.Int("consecutive5xxErrors") ?? o.Int("consecutiveErrors"),
            ConsecutiveGatewayErrors = o.Int("consecutiveGatewayErrors"),
            Interval = o.Duration("interval"),
            BaseEjectionTime = o.Duration("baseEjectionTime"),
            MaxEjectionPercent = o.Int("maxEjectionPercent"),
            MinHealthPercent = o.Int("minHealthPercent"),
        };
        o.Unsupported("splitExternalLocalOriginErrors");
        o.Unsupported("consecutiveLocalOriginFailures");
        o.Unsupported("outlierDetectionHttpErrorCodes");
        return detection;
    }

    private static ClientTlsSettings Tls(YamlObject o)
    {
        const string Certificates = "not supported by the mesh (it issues and checks the certificates itself); ignored";
        foreach (var key in (string[])["clientCertificate", "privateKey", "caCertificates", "credentialName", "subjectAltNames", "sni", "insecureSkipVerify", "caCrl"])
        {
            o.Unsupported(key, Certificates);
        }

        return new ClientTlsSettings { Mode = o.Enum("mode", TlsModes) ?? ClientTlsMode.Disable };
    }
}
