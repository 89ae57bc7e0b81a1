using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Grpc;

/// <summary>
/// A gRPC caller's deadline (<c>grpc-timeout</c>) bounds the call upstream, with the route's timeout when that is shorter,
/// as Envoy applies it under Istio's routes: the caller is told <c>DEADLINE_EXCEEDED</c> when its deadline runs out,
/// and <c>UNAVAILABLE</c> (Envoy's mapping of 504) when the route's timeout does.
/// </summary>
public sealed class GrpcDeadlineTests
{
    private const string SlowApp = "5000";

    [Fact]
    public async Task GrpcTimeout_InEveryUnit_RunsOutAsDeadlineExceeded()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: NoRetries(timeout: null));

        // 200 ms, 200 ms and about 100 ms: at most 8 digits each.
        foreach (var deadline in new[] { "200m", "200000u", "99999999n" })
        {
            using var response = await mesh.RawUnaryAsync("slow", ("grpc-timeout", deadline), (GrpcApp.DelayHeader, SlowApp));

            Assert.True((HttpStatusCode.OK, "4", "UT") == (response.StatusCode, GrpcMesh.GrpcStatus(response), MeshWorkload.Flag(response)),
                $"{deadline}: {(int)response.StatusCode} grpc-status {GrpcMesh.GrpcStatus(response)} {MeshWorkload.Flag(response)}");
            Assert.Equal("upstream request timeout", response.Headers.GetValues("grpc-message").Single());
        }
    }

    [Fact]
    public async Task RouteTimeout_ShorterThanTheDeadline_RunsOutAsUnavailable()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: NoRetries(timeout: "200ms"));

        using var response = await mesh.RawUnaryAsync("slow", ("grpc-timeout", "10S"), (GrpcApp.DelayHeader, SlowApp));

        Assert.Equal(("14", "UT"), (GrpcMesh.GrpcStatus(response), MeshWorkload.Flag(response)));
    }

    [Fact]
    public async Task Deadline_ShorterThanTheRouteTimeout_RunsOutAsDeadlineExceeded()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: NoRetries(timeout: "10s"));

        using var response = await mesh.RawUnaryAsync("slow", ("grpc-timeout", "200m"), (GrpcApp.DelayHeader, SlowApp));

        Assert.Equal(("4", "UT"), (GrpcMesh.GrpcStatus(response), MeshWorkload.Flag(response)));
    }

    [Fact]
    public async Task GrpcTimeout_ThatDoesNotRead_IsIgnored()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: NoRetries(timeout: null));

        // Each would be under the app's delay if it were read as a number of milliseconds.
        foreach (var ignored in new[] { "100", "100x", "100s", "123456789m", "-1m" })
        {
            using var response = await mesh.RawUnaryAsync("late", ("grpc-timeout", ignored), (GrpcApp.DelayHeader, "300"));

            Assert.True(GrpcMesh.GrpcStatus(response) == "0", $"grpc-timeout {ignored}: grpc-status {GrpcMesh.GrpcStatus(response)} {MeshWorkload.Flag(response)}");
        }
    }

    [Fact]
    public async Task HttpRequest_GrpcTimeoutHeader_IsNoDeadline()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: NoRetries(timeout: null));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(mesh.Caller.Sidecar.Outbound(), "/plain"));
        request.Headers.Add("grpc-timeout", "1m");
        request.Headers.Add(GrpcApp.DelayHeader, "300");

        using var response = await mesh.Caller.Sidecar.Client.SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, "HTTP/2"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    // No retries, so a timeout is the only outcome of the one try.
    internal static string NoRetries(string? timeout) =>
        RetryAndTimeoutTests.Route("retries: {attempts: 0}" + (timeout is null ? "" : "\n    timeout: " + timeout));
}
