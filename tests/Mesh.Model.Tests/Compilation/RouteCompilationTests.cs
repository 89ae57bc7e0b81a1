using Mesh.Model.Snapshots;

namespace Mesh.Model.Tests.Compilation;

public sealed class RouteCompilationTests
{
    [Fact]
    public void Compile_NoRoutingResources_EveryServiceHasOneDefaultRoute()
    {
        var snapshot = Compile.Files("productpage", "authz-allow-nothing.yaml");

        Assert.Equal(["details", "istio-ingressgateway", "productpage", "ratings", "reviews"], snapshot.Destinations.Select(d => d.Service));
        var route = Assert.Single(snapshot.Destination("reviews").Routes);
        Assert.Empty(route.Matches);
        var destination = Assert.Single(route.Destinations);
        Assert.Equal(("reviews", 100, 0), (destination.Service, destination.Weight, destination.Labels.Count));
        Assert.Same(RetryConfig.IstioDefault, route.Retries);
        Assert.Equal(LoadBalancerPolicy.LeastRequest, snapshot.Destination("reviews").Policy.LoadBalancer.Policy);
        Assert.Null(snapshot.Destination("reviews").RouteSource);
    }

    [Fact]
    public void Compile_ReviewsTestV2_KeepsRouteOrderAndResolvesSubsetsToLabels()
    {
        var snapshot = Compile.Files("productpage", "destination-rule-all.yaml", "virtual-service-reviews-test-v2.yaml");

        var reviews = snapshot.Destination("reviews");
        Assert.Equal("VirtualService default/reviews", reviews.RouteSource);
        Assert.Collection(
            reviews.Routes,
            jason =>
            {
                var header = Assert.Single(Assert.Single(jason.Matches).Headers);
                Assert.Equal(("end-user", MatchKind.Exact, "jason"), (header.Name, header.Match.Kind, header.Match.Value));
                var destination = Assert.Single(jason.Destinations);
                Assert.Equal(("v2", 100), (destination.Subset, destination.Weight));
                Assert.Equal(new Dictionary<string, string> { ["version"] = "v2" }, destination.Labels);
                Assert.Equal("VirtualService default/reviews spec.http[0]", jason.Source);
            },
            everyoneElse =>
            {
                Assert.Empty(everyoneElse.Matches);
                Assert.Equal("v1", Assert.Single(everyoneElse.Destinations).Subset);
            });
        Assert.Equal(["v1", "v2", "v3"], reviews.Subsets.Select(s => s.Name));
        Assert.Equal("DestinationRule default/reviews", reviews.PolicySource);
    }

    [Fact]
    public void Compile_FiftyFifty_WeightsGoToSubsetLabels()
    {
        var snapshot = Compile.Files("productpage", "destination-rule-all.yaml", "virtual-service-reviews-50-v3.yaml");

        var route = Assert.Single(snapshot.Destination("reviews").Routes);
        Assert.Equal([("v1", 50), ("v3", 50)], route.Destinations.Select(d => (d.Labels["version"], d.Weight)));
    }

    [Fact]
    public void Compile_FaultAndTimeout_CarryIstioValues()
    {
        var delay = Compile.Files("reviews-v2", "destination-rule-all.yaml", "virtual-service-ratings-test-delay.yaml").Destination("ratings").Routes[0];
        var abort = Compile.Files("reviews-v2", "destination-rule-all.yaml", "virtual-service-ratings-test-abort.yaml").Destination("ratings").Routes[0];
        var timeout = Compile.Files("productpage", "destination-rule-all.yaml", "virtual-service-reviews-timeout.yaml");

        Assert.Equal((TimeSpan.FromSeconds(7), 100.0), (delay.Fault!.Delay!.Duration, delay.Fault.Delay.Percentage));
        Assert.Equal((500, 100.0), (abort.Fault!.Abort!.HttpStatus, abort.Fault.Abort.Percentage));
        Assert.Equal(TimeSpan.FromMilliseconds(500), timeout.Destination("reviews").Routes[0].Timeout);
        Assert.Equal(100.0, timeout.Destination("ratings").Routes[0].Fault!.Delay!.Percentage); // The deprecated integer percent.
    }

    [Fact]
    public void Compile_AllFields_EveryImplementedFieldArrives()
    {
        var reviews = Compile.Files("productpage", "virtual-service-reviews-all-fields.yaml").Destination("reviews");

        var canary = reviews.Routes[0];
        Assert.Equal("jason-canary", canary.Name);
        Assert.Equal(2, canary.Matches.Count);
        var first = canary.Matches[0];
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Prefix, Value = "/reviews", IgnoreCase = true }, first.Path);
        Assert.Equal(MatchKind.Exact, first.Method!.Kind);
        Assert.Equal(["end-user", "x-canary"], first.Headers.Select(h => h.Name));
        Assert.Equal(MatchKind.Present, first.Headers[1].Match.Kind);
        Assert.Equal(("beta", MatchKind.Regex), (first.QueryParams[0].Name, first.QueryParams[0].Match.Kind));
        Assert.Equal("x-skip", Assert.Single(first.WithoutHeaders).Name);
        Assert.Equal((MatchKind.Prefix, "reviews"), (canary.Matches[1].Authority!.Kind, canary.Matches[1].Authority!.Value)); // sourceLabels app=productpage: kept.
        Assert.Equal([75, 25], canary.Destinations.Select(d => d.Weight));
        Assert.Equal(9080, canary.Destinations[0].Port);
        Assert.Equal("x-subset", Assert.Single(canary.Destinations[0].RequestHeaders!.Set).Name);
        Assert.Equal(("x-route", "x-debug"), (Assert.Single(canary.RequestHeaders!.Add).Name, Assert.Single(canary.RequestHeaders.Remove)));
        Assert.Equal("cache-control", Assert.Single(canary.ResponseHeaders!.Set).Name);
        Assert.Equal(new RewriteConfig { Path = "/", PathReplacement = PathReplacement.MatchedPrefix, Authority = "reviews.internal" }, canary.Rewrite);
        Assert.Equal(TimeSpan.FromSeconds(10), canary.Timeout);
        Assert.Equal((3, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50)), (canary.Retries.Attempts, canary.Retries.PerTryTimeout, canary.Retries.Backoff));
        Assert.Equal(["5xx", "connect-failure", "503"], canary.Retries.RetryOn);
        Assert.Equal((0.5, 503, 1.0), (canary.Fault!.Delay!.Percentage, canary.Fault.Abort!.HttpStatus, canary.Fault.Abort.Percentage));
        var mirror = Assert.Single(canary.Mirrors);
        Assert.Equal(("v1", "v1", 20.5), (mirror.Subset, mirror.Labels["version"], mirror.Percentage));

        Assert.Equal(new RedirectConfig { Path = "/reviews", PathReplacement = PathReplacement.FullPath, StatusCode = 308 }, reviews.Routes[1].Redirect);
        Assert.Equal(new DirectResponseConfig { Status = 410, Body = "gone" }, reviews.Routes[2].DirectResponse);
        Assert.Equal((MatchKind.Regex, "/v[0-9]+/gone"), (reviews.Routes[2].Matches[0].Path!.Kind, reviews.Routes[2].Matches[0].Path!.Value));
        Assert.Equal(5.0, Assert.Single(reviews.Routes[3].Mirrors).Percentage);
    }

    [Fact]
    public void Compile_SourceLabelsForAnotherCaller_DropsTheMatch()
    {
        var fromRatings = Compile.Files("ratings", "virtual-service-reviews-all-fields.yaml").Destination("reviews");
        var fromProductpage = Compile.Files("productpage", "virtual-service-reviews-all-fields.yaml").Destination("reviews");

        Assert.Single(fromRatings.Routes[0].Matches);
        Assert.Equal(2, fromProductpage.Routes[0].Matches.Count);
    }

    [Fact]
    public void Compile_RouteWhoseOnlyMatchIsForAnotherCaller_IsLeftOut()
    {
        var snapshot = Compile.Yaml("ratings", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: details
            spec:
              hosts: [details]
              http:
              - match:
                - sourceLabels: {app: productpage}
                route:
                - destination: {host: details}
                timeout: 1s
              - route:
                - destination: {host: details}
            """);

        var route = Assert.Single(snapshot.Destination("details").Routes);
        Assert.Null(route.Timeout);
        Assert.Equal("VirtualService default/details spec.http[1]", route.Source);
    }

    [Fact]
    public void Compile_GatewayBoundVirtualService_DoesNotRouteTheMesh()
    {
        var snapshot = Compile.Files("details", "bookinfo-gateway.yaml");

        Assert.Null(snapshot.Destination("productpage").RouteSource);
        Assert.Empty(snapshot.GatewayHosts);
    }

    [Fact]
    public void Compile_SubsetTrafficPolicy_OverridesTheRulesPolicyFieldByField()
    {
        var reviews = Compile.Files("productpage", "virtual-service-reviews-all-fields.yaml").Destination("reviews");

        Assert.Equal(LoadBalancerPolicy.LeastRequest, reviews.Policy.LoadBalancer.Policy);
        Assert.Equal(UpstreamTlsMode.IstioMutual, reviews.Policy.Tls);
        Assert.Equal(new ConnectionPoolConfig
        {
            MaxConnections = 100,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            MaxConnectionDuration = TimeSpan.FromHours(1),
            Http1MaxPendingRequests = 10,
            Http2MaxRequests = 1000,
            MaxRequestsPerConnection = 1,
            MaxRetries = 3,
            IdleTimeout = TimeSpan.FromSeconds(30),
        }, reviews.Policy.ConnectionPool);
        Assert.Equal((5, 3, 50, 20), (reviews.Policy.OutlierDetection!.Consecutive5xxErrors, reviews.Policy.OutlierDetection.ConsecutiveGatewayErrors,
            reviews.Policy.OutlierDetection.MaxEjectionPercent, reviews.Policy.OutlierDetection.MinHealthPercent));

        var v1 = reviews.Subsets.Single(s => s.Name == "v1").Policy;
        Assert.Equal((LoadBalancerPolicy.ConsistentHash, "user", TimeSpan.Zero), (v1.LoadBalancer.Policy, v1.LoadBalancer.Hash!.CookieName, v1.LoadBalancer.Hash.CookieTtl));
        Assert.Equal(reviews.Policy.ConnectionPool, v1.ConnectionPool);
        Assert.Equal("x-user", reviews.Subsets.Single(s => s.Name == "v2").Policy.LoadBalancer.Hash!.HeaderName);
        var v3 = reviews.Subsets.Single(s => s.Name == "v3").Policy;
        Assert.Equal((LoadBalancerPolicy.RoundRobin, UpstreamTlsMode.Disable), (v3.LoadBalancer.Policy, v3.Tls));
    }

    [Fact]
    public void Compile_CircuitBreaker_FillsIstiosOutlierDefaults()
    {
        var policy = Compile.Files("productpage", "destination-rule-reviews-circuit-breaker.yaml").Destination("reviews").Policy;

        Assert.Equal((1, 1, 1), (policy.ConnectionPool!.MaxConnections, policy.ConnectionPool.Http1MaxPendingRequests, policy.ConnectionPool.MaxRequestsPerConnection));
        Assert.Equal(new OutlierDetectionConfig
        {
            Consecutive5xxErrors = 1,
            ConsecutiveGatewayErrors = 0,
            Interval = TimeSpan.FromSeconds(1),
            BaseEjectionTime = TimeSpan.FromMinutes(3),
            MaxEjectionPercent = 100,
            MinHealthPercent = 0,
        }, policy.OutlierDetection);
    }

    [Theory]
    [InlineData("{uri: /a}", RedirectPortSource.Request, 301)]
    [InlineData("{uri: /a, derivePort: FROM_PROTOCOL_DEFAULT, redirectCode: 307}", RedirectPortSource.ProtocolDefault, 307)]
    [InlineData("{uri: /a, derivePort: FROM_REQUEST_PORT, redirectCode: 308}", RedirectPortSource.Listener, 308)]
    [InlineData("{uri: /a, redirectCode: 300}", RedirectPortSource.Request, 301)]
    public void Compile_Redirect_DerivePortAndEnvoysRedirectCodes(string redirect, RedirectPortSource source, int status)
    {
        var route = Assert.Single(Compile.Yaml("productpage", $$"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http: [{redirect: {{redirect}}}]
            """, allowWarnings: true).Destination("reviews").Routes);

        Assert.Equal((source, status), (route.Redirect!.PortSource, route.Redirect.StatusCode));
    }
}
