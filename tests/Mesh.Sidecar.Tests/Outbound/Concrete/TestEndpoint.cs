using Mesh.Sidecar.Outbound.Endpoints;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

/// <summary>An endpoint whose load a test sets directly.</summary>
internal sealed class TestEndpoint(string key, int activeRequests = 0) : IBalancedEndpoint
{
    public string Key { get; } = key;

    public int ActiveRequests { get; set; } = activeRequests;

    public override string ToString() => Key;

    public static TestEndpoint[] Many(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TestEndpoint($"10.0.0.{i + 1}:8080"))];
}
