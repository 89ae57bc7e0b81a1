using Grpc.Core;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Grpc;

/// <summary>
/// Istio's gRPC <c>retryOn</c> values retry a trailers-only answer carrying their status, as Envoy reads
/// <c>grpc-status</c> from the answer's headers; the call's message is kept for the retry and sent again whole.
/// </summary>
public sealed class GrpcRetryTests
{
    [Fact]
    public async Task RetryOnUnavailable_RetriesTheCallWithItsMessage_UntilItSucceeds()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: true, yaml: Retries("unavailable"));
        mesh.App.State.Unary = FailFirst(2, StatusCode.Unavailable);

        Assert.Equal("third try: again", await mesh.UnaryAsync("again"));
        Assert.Equal(3, mesh.App.State.UnaryCalls);
    }

    [Fact]
    public async Task StatusNotListed_IsNotRetried()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: Retries("cancelled,5xx"));
        mesh.App.State.Unary = FailFirst(2, StatusCode.Unavailable);

        var error = await Assert.ThrowsAsync<RpcException>(() => mesh.UnaryAsync("once"));

        Assert.Equal((StatusCode.Unavailable, 1), (error.StatusCode, mesh.App.State.UnaryCalls));
    }

    [Fact]
    public async Task IstioDefaultPolicy_RetriesUnavailableTwice_ThenFlagsUrx()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false);
        mesh.App.State.Unary = FailFirst(int.MaxValue, StatusCode.Unavailable);

        using var response = await mesh.RawUnaryAsync("always");

        Assert.Equal(("14", 3), (GrpcMesh.GrpcStatus(response), mesh.App.State.UnaryCalls));
        var stats = mesh.Caller.Sidecar.Services.GetRequiredService<TrafficStats>().ForService("reviews").Total;
        await Eventually.WaitUntilAsync(() => stats.Read().ResponseFlags.GetValueOrDefault("URX") == 1, "the caller's sidecar flags the call URX");
    }

    // Fails the first calls with a status (trailers-only: nothing written yet), then answers "third try: <request>".
    private static Func<string, int, ServerCallContext, Task<string>> FailFirst(int calls, StatusCode status) => (request, number, _) =>
        number <= calls ? throw new RpcException(new Status(status, $"call {number} fails")) : Task.FromResult($"third try: {request}");

    private static string Retries(string retryOn) => RetryAndTimeoutTests.Route($"retries: {{attempts: 2, retryOn: \"{retryOn}\"}}");
}
