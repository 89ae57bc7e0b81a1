using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Grpc;

/// <summary>
/// A gRPC call's status in the sidecars' metrics (Istio's <c>grpc_response_status</c>, from the trailers, or the headers
/// of a trailers-only answer; absent for other requests) and in the log line of a call the mesh answered itself.
/// </summary>
public sealed class GrpcTelemetryTests
{
    [Fact]
    public async Task GrpcResponseStatus_FromTrailersOrHeaders_OnGrpcCallsOnly()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: true, yaml: GrpcDeadlineTests.NoRetries(timeout: null));
        using var caller = new RequestMetrics(mesh.Caller.Sidecar);
        using var callee = new RequestMetrics(mesh.Callee.Sidecar);
        mesh.App.State.Unary = (request, _, _) => request == "fail" ? throw new RpcException(new Status(StatusCode.Unavailable, "down")) : Task.FromResult(request);

        await mesh.UnaryAsync("ok");
        await Assert.ThrowsAsync<RpcException>(() => mesh.UnaryAsync("fail"));
        using (var count = mesh.Calls.AsyncServerStreamingCall(EchoGrpc.Count, null, default, "1!"))
        {
            await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await count.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            });
        }

        (await mesh.Caller.CallReviewsAsync("/plain")).Dispose();

        // OK and UNAVAILABLE (trailers-only: in the headers), ABORTED (after a message: in the trailers), none for HTTP.
        string?[] expected = ["0", "14", "10", null];
        foreach (var (side, metrics) in new[] { ("caller", caller), ("callee", callee) })
        {
            await Eventually.WaitUntilAsync(() => metrics.Count >= 4, $"the {side}'s sidecar records four requests");
            Assert.True(expected.SequenceEqual(metrics.GrpcStatuses), $"{side}: {string.Join(", ", metrics.GrpcStatuses.Select(s => s ?? "(none)"))}");
        }
    }

    [Fact]
    public async Task FlagLog_LocalReplyToAGrpcCall_NamesItsGrpcStatus()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false, yaml: GrpcDeadlineTests.NoRetries(timeout: null));
        await mesh.App.StopAsync();

        using var response = await mesh.RawUnaryAsync("nobody home");

        Assert.Equal("14", GrpcMesh.GrpcStatus(response));
        await Eventually.WaitUntilAsync(() => mesh.Callee.Sidecar.Logs.Matching("inbound POST /test.Echo/Unary -> reviews-v1: 200 UF grpc-status 14").Count == 1,
            "the callee's sidecar logs the call it answered with its gRPC status");
    }

    /// <summary>The <c>mesh.requests</c> measurements of one sidecar (other sidecars in this process publish their own).</summary>
    private sealed class RequestMetrics : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string?> _statuses = new();

        public RequestMetrics(SidecarHost sidecar)
        {
            var factory = sidecar.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SidecarMetrics.MeterName && instrument.Name == "mesh.requests" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? status = null;
                foreach (var tag in tags)
                {
                    status = tag.Key == "grpc_response_status" ? (string?)tag.Value : status;
                }

                _statuses.Enqueue(status);
            });
            _listener.Start();
        }

        public int Count => _statuses.Count;

        public IReadOnlyList<string?> GrpcStatuses => [.. _statuses];

        public void Dispose() => _listener.Dispose();
    }
}
