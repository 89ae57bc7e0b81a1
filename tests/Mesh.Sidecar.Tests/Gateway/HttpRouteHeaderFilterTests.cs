using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Gateway;

/// <summary>
/// HTTPRoute RequestHeaderModifier and ResponseHeaderModifier through the ingress gateway, on the rule and on a backend:
/// <c>set</c> overwrites, <c>add</c> appends to the values already there (<c>old,new</c>), <c>remove</c> removes; names are
/// case-insensitive.
/// </summary>
public sealed class HttpRouteHeaderFilterTests
{
    private static readonly string[] s_backends = ["infra-backend-v1", "infra-backend-v2"];

    private static readonly string s_routes = GatewayMesh.Route("""
        - matches: [{path: {type: PathPrefix, value: /request}}]
          filters:
          - type: RequestHeaderModifier
            requestHeaderModifier:
              set: [{name: X-Set-One, value: set-1}, {name: X-Set-Two, value: set-2}]
              add: [{name: X-Add-One, value: add-1}, {name: X-Add-Two, value: add-2}]
              remove: [X-Remove-One, X-Remove-Two]
          backendRefs: [{name: infra-backend-v1, port: 8080}]
        - matches: [{path: {type: PathPrefix, value: /response}}]
          filters:
          - type: ResponseHeaderModifier
            responseHeaderModifier:
              set: [{name: X-Set-One, value: set-1}]
              add: [{name: X-Add-One, value: add-1}, {name: x-lower-add, value: lower}, {name: X-UPPER-ADD, value: upper}]
              remove: [X-Remove-One]
          - type: RequestHeaderModifier
            requestHeaderModifier:
              set: [{name: X-Request-Set, value: request-set}]
          backendRefs: [{name: infra-backend-v1, port: 8080}]
        - matches: [{path: {type: PathPrefix, value: /per-backend}}]
          backendRefs:
          - name: infra-backend-v1
            port: 8080
            weight: 1
            filters:
            - type: RequestHeaderModifier
              requestHeaderModifier:
                set: [{name: Backend, value: infra-backend-v1}]
          - name: infra-backend-v2
            port: 8080
            weight: 1
            filters:
            - type: RequestHeaderModifier
              requestHeaderModifier:
                set: [{name: Backend, value: infra-backend-v2}]
            - type: ResponseHeaderModifier
              responseHeaderModifier:
                add: [{name: Served-By, value: second}]
        """);

    [Fact]
    public async Task RequestHeaderModifier_SetAddRemove_ReachTheBackend()
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        var (_, bare) = await mesh.ForwardAsync("example.com", "/request", ("Other", "kept"));
        var (_, sent) = await mesh.ForwardAsync("example.com", "/request",
            ("x-set-two", "caller"), ("x-add-two", "caller"), ("x-remove-one", "caller"), ("X-Remove-Two", "caller"), ("Other", "kept"));

        Assert.Equal("set-1", bare.Headers["X-Set-One"]);
        Assert.Equal("set-2", bare.Headers["X-Set-Two"]);
        Assert.Equal("add-1", bare.Headers["X-Add-One"]);
        Assert.Equal("add-2", bare.Headers["X-Add-Two"]);
        Assert.Equal("kept", bare.Headers["Other"]);
        Assert.Equal("set-2", sent.Headers["X-Set-Two"]);
        Assert.Equal("caller,add-2", sent.Headers["X-Add-Two"]);
        Assert.False(sent.Headers.ContainsKey("X-Remove-One"));
        Assert.False(sent.Headers.ContainsKey("X-Remove-Two"));
        Assert.Equal("kept", sent.Headers["Other"]);
    }

    [Fact]
    public async Task ResponseHeaderModifier_SetAddRemove_ReachTheCaller_NamesCaseInsensitive()
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);
        mesh["infra-backend-v1"].Handler = (context, _) =>
        {
            context.Response.Headers["x-set-one"] = "backend";
            context.Response.Headers["x-add-one"] = "backend";
            context.Response.Headers["x-remove-one"] = "backend";
            context.Response.Headers["Other"] = "kept";
            return context.Response.WriteAsync("infra-backend-v1");
        };

        using var response = await mesh.GetAsync("example.com", "/response");

        response.EnsureSuccessStatusCode();
        Assert.Equal(["set-1"], response.Headers.GetValues("X-Set-One"));
        Assert.Equal(["backend", "add-1"], response.Headers.GetValues("X-Add-One"));
        Assert.Equal(["lower"], response.Headers.GetValues("X-Lower-Add"));
        Assert.Equal(["upper"], response.Headers.GetValues("X-Upper-Add"));
        Assert.Equal(["kept"], response.Headers.GetValues("Other"));
        Assert.False(response.Headers.Contains("X-Remove-One"));
        Assert.Equal("request-set", Assert.Single(mesh["infra-backend-v1"].Received).Headers["X-Request-Set"]);
    }

    [Fact]
    public async Task BackendFilters_ApplyToTheirBackendOnly()
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        for (var i = 0; i < 40; i++)
        {
            using var response = await mesh.GetAsync("example.com", "/per-backend");
            var workload = await response.Content.ReadAsStringAsync();
            var received = mesh[workload].Received[^1];
            Assert.Equal(workload, received.Headers["Backend"]);
            Assert.Equal(workload == "infra-backend-v2", response.Headers.Contains("Served-By"));
        }

        Assert.NotEmpty(mesh["infra-backend-v1"].Received);
        Assert.NotEmpty(mesh["infra-backend-v2"].Received);
    }
}
