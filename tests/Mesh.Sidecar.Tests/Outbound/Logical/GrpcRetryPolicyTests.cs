using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>Istio's gRPC <c>retryOn</c> values retry the gRPC status each names, as Envoy's <c>retry_grpc_on</c>.</summary>
public sealed class GrpcRetryPolicyTests
{
    [Theory]
    [InlineData("cancelled", 1)]
    [InlineData("deadline-exceeded", 4)]
    [InlineData("resource-exhausted", 8)]
    [InlineData("internal", 13)]
    [InlineData("unavailable", 14)]
    public void RetriesAnswer_EachCondition_RetriesItsStatusOnly(string condition, int code)
    {
        var status = (GrpcStatus)code;
        var policy = new RetryPolicy(new RetryConfig { Attempts = 2, RetryOn = [condition] });

        Assert.True(policy.RetriesGrpc);
        Assert.True(policy.RetriesAnswer(200, status));
        Assert.All(Enum.GetValues<GrpcStatus>().Where(s => s != status), other => Assert.False(policy.RetriesAnswer(200, other), other.ToString()));
        Assert.False(policy.RetriesAnswer(200, null));
    }

    [Fact]
    public void IstioDefault_RetriesUnavailableAndCancelled()
    {
        var policy = new RetryPolicy(RetryConfig.IstioDefault);

        Assert.Equal([GrpcStatus.Cancelled, GrpcStatus.Unavailable], Enum.GetValues<GrpcStatus>().Where(s => policy.RetriesAnswer(200, s)));
    }

    [Fact]
    public void HttpConditionsOnly_RetryNoGrpcStatus()
    {
        var policy = new RetryPolicy(new RetryConfig { Attempts = 2, RetryOn = ["5xx", "gateway-error"] });

        Assert.False(policy.RetriesGrpc);
        Assert.False(policy.RetriesAnswer(200, GrpcStatus.Unavailable));
    }
}
