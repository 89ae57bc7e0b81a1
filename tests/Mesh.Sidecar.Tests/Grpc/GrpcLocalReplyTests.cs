using Grpc.Core;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Grpc;

/// <summary>
/// What the sidecars answer a gRPC caller themselves is gRPC, as Envoy's local replies to a gRPC request are: HTTP 200,
/// trailers-only, <c>grpc-status</c> mapped from the HTTP status (403→7, 404→12, 429/503/504→14, ...) or given by a
/// fault's <c>grpcStatus</c>, and Envoy's text in <c>grpc-message</c>. A gRPC client reads nothing else.
/// </summary>
public sealed class GrpcLocalReplyTests
{
    private const string AllowNothing = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-nothing}
        spec:
          selector: {matchLabels: {app: reviews}}
        """;

    private const string OneRequestAnHour = """
        apiVersion: mesh.dev/v1alpha1
        kind: LocalRateLimit
        metadata: {name: reviews}
        spec:
          selector: {matchLabels: {app: reviews}}
          tokenBucket: {maxTokens: 1, fillInterval: 1h}
        """;

    private const string OtherPathsOnly = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {prefix: /other}}]
            route: [{destination: {host: reviews}}]
        """;

    private const string SubsetWithoutEndpoints = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          subsets: [{name: v9, labels: {version: v9}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route: [{destination: {host: reviews, subset: v9}}]
        """;

    public static TheoryData<string, string, StatusCode, string> Replies => new()
    {
        { "authorization denial", AllowNothing, StatusCode.PermissionDenied, "RBAC: access denied" },
        { "no route", OtherPathsOnly, StatusCode.Unimplemented, "" },
        { "no healthy upstream", SubsetWithoutEndpoints, StatusCode.Unavailable, "no healthy upstream" },
        { "fault with an HTTP status", Fault("httpStatus: 503"), StatusCode.Unavailable, "fault filter abort" },
        { "fault with a gRPC status", Fault("grpcStatus: RESOURCE_EXHAUSTED"), StatusCode.ResourceExhausted, "fault filter abort" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task LocalReply_ToAGrpcCaller_IsItsGrpcStatus(string reply, string yaml, StatusCode expected, string message)
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: yaml);

        var error = await Assert.ThrowsAsync<RpcException>(() => mesh.UnaryAsync("hi"));

        Assert.True((expected, message) == (error.StatusCode, error.Status.Detail), $"{reply}: {error.StatusCode} \"{error.Status.Detail}\"");
        Assert.Equal(0, mesh.App.State.UnaryCalls);
    }

    [Fact]
    public async Task RateLimited_GrpcCall_IsUnavailableWithTheLimitsHeaders()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: OneRequestAnHour);
        Assert.Equal("reviews-v1: first", await mesh.UnaryAsync("first"));

        using var response = await mesh.RawUnaryAsync("second");

        Assert.Equal((HttpStatusCode.OK, "application/grpc"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal(("14", "RL", "local_rate_limited"), (GrpcMesh.GrpcStatus(response), MeshWorkload.Flag(response), response.Headers.GetValues("grpc-message").Single()));
        Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Denial_KeepsTheHeaderNamingThePolicy()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: AllowNothing);

        using var response = await mesh.RawUnaryAsync("hi");

        Assert.Equal(("7", "RBAC: access denied"), (GrpcMesh.GrpcStatus(response), response.Headers.GetValues("grpc-message").Single()));
        Assert.StartsWith("no ALLOW policy matched", response.Headers.GetValues("x-mesh-denied-by").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcStatusFault_PercentageHonoured_AndAnHttpCallerGetsEnvoys200()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: Fault("grpcStatus: UNAVAILABLE", percentage: 0));
        Assert.Equal("reviews-v1: spared", await mesh.UnaryAsync("spared"));

        await mesh.ApplyAsync(Fault("grpcStatus: UNAVAILABLE", percentage: 100));
        using var grpc = await mesh.RawUnaryAsync("aborted");
        using var http = await mesh.Caller.CallReviewsAsync("/plain");

        Assert.Equal(("14", "FI"), (GrpcMesh.GrpcStatus(grpc), MeshWorkload.Flag(grpc)));
        // Envoy's fault filter answers a gRPC abort with HTTP 200, whatever the request.
        Assert.Equal((HttpStatusCode.OK, "FI", "fault filter abort"), (http.StatusCode, MeshWorkload.Flag(http), await http.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task HttpCaller_StillGetsEnvoysHttpReply()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: AllowNothing);

        using var response = await mesh.Caller.CallReviewsAsync("/plain");

        Assert.Equal((HttpStatusCode.Forbidden, "RBAC: access denied"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    private static string Fault(string abort, int percentage = 100) =>
        RetryAndTimeoutTests.Route($"fault: {{abort: {{{abort}, percentage: {{value: {percentage}}}}}}}");
}
