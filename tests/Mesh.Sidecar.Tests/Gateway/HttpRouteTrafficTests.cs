using System.Net.WebSockets;
using System.Text;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Gateway;

/// <summary>
/// What an HTTPRoute does with the traffic it matched, through the ingress gateway: backend weights (versions of one
/// service, weight 0), request mirrors (one, several, a percentage; the copy as Envoy makes it), request and backend
/// timeouts, and retries by status code.
/// </summary>
public sealed class HttpRouteTrafficTests
{
    private const string V1 = "infra-backend-v1";
    private const string V2 = "infra-backend-v2";
    private const string V3 = "infra-backend-v3";
    private static readonly string[] s_backends = [V1, V2, V3];

    [Fact]
    public async Task Weights_EachDrawGoesToTheBackendItFallsIn_WeightZeroNever()
    {
        // Weights 70/30/0 over three versions of one service: draws 0-69 are v1, 70-99 v2, and v3 is never drawn.
        var random = new ScriptedRandom(0, 69, 70, 99, 35);
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - backendRefs:
              - {name: infra-backend-v1, port: 8080, weight: 70}
              - {name: infra-backend-v2, port: 8080, weight: 30}
              - {name: infra-backend-v3, port: 8080, weight: 0}
            """), s_backends, builder => builder.Services.AddSingleton<Random>(random));

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await mesh.ForwardAsync("example.com", "/")).Workload);
        }

        Assert.Equal([V1, V1, V2, V2, V1], answers);
        Assert.Equal(5, random.Draws);
    }

    [Fact]
    public async Task Mirrors_EachGetsTheRequestAsTheRouteFinalizedIt()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /mirror}}]
              filters:
              - type: RequestHeaderModifier
                requestHeaderModifier: {set: [{name: X-Set, value: set}], add: [{name: X-Add, value: added}], remove: [X-Remove]}
              - {type: URLRewrite, urlRewrite: {hostname: rewritten.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /copied}}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v3, port: 8080}}}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends);

        var (workload, original) = await mesh.ForwardAsync("example.com", "/mirror/a?b=c", ("X-Remove", "gone"), ("X-Add", "caller"));

        Assert.Equal(V1, workload);
        foreach (var mirror in new[] { V2, V3 })
        {
            await Eventually.WaitUntilAsync(() => mesh[mirror].Received.Count == 1, $"{mirror} receives its copy");
            var copy = mesh[mirror].Received[0];
            Assert.Equal(("/copied/a?b=c", "rewritten.example-shadow"), (copy.PathAndQuery, copy.Headers["Host"]));
            Assert.Equal(("set", "caller,added"), (copy.Headers["X-Set"], copy.Headers["X-Add"]));
            Assert.False(copy.Headers.ContainsKey("X-Remove"));
        }

        Assert.Equal(("/copied/a?b=c", "rewritten.example"), (original.PathAndQuery, original.Headers["Host"]));
    }

    [Fact]
    public async Task MirrorPercentage_CopiesTheRequestsWhoseRollFallsUnder()
    {
        // percent 20, then fraction 1/2 (50%): rolls of 0.10 and 0.49 copy, 0.20 and 0.50 do not.
        var random = new ScriptedRandom([], [0.10, 0.20, 0.49, 0.50]);
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /percent}}]
              filters: [{type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v2, port: 8080}, percent: 20}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /fraction}}]
              filters: [{type: RequestMirror, requestMirror: {backendRef: {name: infra-backend-v3, port: 8080}, fraction: {numerator: 1, denominator: 2}}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends, builder => builder.Services.AddSingleton<Random>(random));

        foreach (var path in new[] { "/percent/1", "/percent/2", "/fraction/1", "/fraction/2" })
        {
            Assert.Equal(V1, (await mesh.ForwardAsync("example.com", path)).Workload);
        }

        await Eventually.WaitUntilAsync(() => mesh[V2].Received.Count == 1 && mesh[V3].Received.Count == 1, "one copy each");
        Assert.Equal("/percent/1", mesh[V2].Received[0].PathAndQuery);
        Assert.Equal("/fraction/1", mesh[V3].Received[0].PathAndQuery);
    }

    [Theory]
    [InlineData("/request-timeout", HttpStatusCode.GatewayTimeout)]
    [InlineData("/no-request-timeout", HttpStatusCode.OK)]
    [InlineData("/backend-timeout", HttpStatusCode.GatewayTimeout)]
    [InlineData("/no-backend-timeout", HttpStatusCode.OK)]
    public async Task Timeouts_RequestAndBackendRequest_ZeroDisables(string path, HttpStatusCode status)
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /request-timeout}}]
              timeouts: {request: 300ms}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /no-request-timeout}}]
              timeouts: {request: 0s}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /backend-timeout}}]
              timeouts: {backendRequest: 300ms}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /no-backend-timeout}}]
              timeouts: {request: 0s, backendRequest: 0s}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends);
        mesh[V1].Handler = Upstreams.Slow(TimeSpan.FromSeconds(1), V1);

        using var response = await mesh.GetAsync("example.com", path);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.GatewayTimeout)
        {
            Assert.Equal("UT", RoutingMesh.Flag(response));
        }
    }

    [Theory]
    [InlineData("/retry-500", 500, 3, HttpStatusCode.OK, 4)]
    [InlineData("/retry-500", 500, 4, HttpStatusCode.InternalServerError, 4)]
    [InlineData("/retry-500", 503, 1, HttpStatusCode.ServiceUnavailable, 1)]
    [InlineData("/retry-5xx", 502, 2, HttpStatusCode.OK, 3)]
    [InlineData("/retry-5xx", 504, 3, HttpStatusCode.GatewayTimeout, 3)]
    public async Task Retry_TheCodesListed_UpToAttemptsRetries(string path, int failWith, int failures, HttpStatusCode answered, int tries)
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /retry-500}}]
              retry: {codes: [500], attempts: 3, backoff: 1ms}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /retry-5xx}}]
              retry: {codes: [500, 502, 503, 504], attempts: 2, backoff: 1ms}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends);
        mesh[V1].Handler = Upstreams.FailFirst(failures, failWith, V1);

        using var response = await mesh.GetAsync("example.com", path);

        Assert.Equal(answered, response.StatusCode);
        Assert.Equal(tries, mesh[V1].Received.Count);
    }

    [Fact]
    public async Task Retry_ABackendRequestTimeout_IsRetried()
    {
        // A retry stanza retries connection errors, timeouts included (Envoy's "reset" covers a per-try timeout).
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - retry: {codes: [500], attempts: 2, backoff: 1ms}
              timeouts: {backendRequest: 300ms}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends);
        mesh[V1].Handler = Upstreams.SlowFirst(1, TimeSpan.FromSeconds(5), V1);

        using var response = await mesh.GetAsync("example.com", "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, mesh[V1].Received.Count);
    }

    [Fact]
    public async Task Retry_AConnectionError_IsRetriedOnAnotherEndpoint()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - retry: {codes: [500], attempts: 1, backoff: 1ms}
              backendRefs: [{name: infra-backend, port: 8080}]
            """) + """

            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: infra-backend}
            spec:
              host: infra-backend
              trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
            """, s_backends);
        await mesh[V3].StopAsync();

        // Every third request is sent to v3 first; its refused connection is retried on another endpoint.
        for (var i = 0; i < 20; i++)
        {
            Assert.Contains((await mesh.ForwardAsync("example.com", "/")).Workload, new[] { V1, V2 });
        }
    }

    [Fact]
    public async Task WebSocket_UpgradesThroughTheGateway_AndCarriesMessagesBothWays()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.SameNamespace + """

            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: sockets}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{matches: [{path: {type: PathPrefix, value: /socket}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            """, s_backends);
        mesh[V1].Handler = Upstreams.WebSocketEcho("echo: ");
        using var client = new ClientWebSocket();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{mesh.Gateway.Ports.Inbound}/socket"), cancel.Token);
        var answers = new List<string>();
        foreach (var message in new[] { "one", "two" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancel.Token);
            var buffer = new byte[1024];
            var received = await client.ReceiveAsync(buffer, cancel.Token);
            answers.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        Assert.Equal(["echo: one", "echo: two"], answers);
        Assert.Equal("/socket", Assert.Single(mesh[V1].Received).PathAndQuery);
    }
}
