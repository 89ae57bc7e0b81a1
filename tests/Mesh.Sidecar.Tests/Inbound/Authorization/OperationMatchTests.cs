using Mesh.Sidecar.Outbound.Logical;
using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary>
/// <c>to.operation</c> and Istio's value syntax: exact, <c>prefix*</c>, <c>*suffix</c> and <c>*</c> (presence).
/// Methods compare case-sensitively, paths as PathCaseTests shows, hosts case-insensitively and as sent (port included).
/// </summary>
public sealed class OperationMatchTests
{
    private const string AllowRead = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-read
        spec:
          rules:
          - to:
            - operation:
                methods: ["GET", "HEAD"]
        """;

    private const string Paths = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: paths
        spec:
          rules:
          - to:
            - operation:
                paths: ["/test/*", "*/info", "/healthz"]
        """;

    private const string AnyPathButAdmin = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: not-admin
        spec:
          rules:
          - to:
            - operation:
                paths: ["*"]
                notPaths: ["/admin*"]
        """;

    private const string Ports = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: ports
        spec:
          rules:
          - to:
            - operation:
                ports: ["9080", "9081"]
                notPorts: ["9081"]
        """;

    private const string Hosts = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: hosts
        spec:
          rules:
          - to:
            - operation:
                hosts: ["details", "*.svc.cluster.local"]
        """;

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)] // Envoy compares :method exactly.
    public void Evaluate_MethodsGetHead_AllowsOnlyThose(string method, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/allow-read")), Outcome(Evaluate(AllowRead, Request(method: method))));

    [Theory]
    [InlineData("/test/", true)]
    [InlineData("/test/a/b", true)]
    [InlineData("/test", false)] // "/test/*" is the prefix "/test/".
    [InlineData("/api/v1/info", true)]
    [InlineData("/info", true)] // The suffix "/info" is the whole path.
    [InlineData("/information", false)]
    [InlineData("/healthz", true)]
    [InlineData("/healthz/", false)] // Exact.
    [InlineData("/TEST/a", false)] // Paths are case-sensitive.
    public void Evaluate_PrefixSuffixAndExactPaths_MatchAsIstioWildcards(string path, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/paths")), Outcome(Evaluate(Paths, Request(path: path))));

    [Theory]
    [InlineData("/productpage", true)]
    [InlineData("/admin", false)]
    [InlineData("/admin/users", false)]
    public void Evaluate_AnyPathWithNotPaths_ExcludesTheNegatedOnes(string path, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/not-admin")), Outcome(Evaluate(AnyPathButAdmin, Request(path: path))));

    [Theory]
    [InlineData(9080, true)]
    [InlineData(9081, false)] // Listed in both: notPorts wins.
    [InlineData(8080, false)]
    public void Evaluate_PortsAndNotPorts_CompareTheDestinationPort(int port, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/ports")), Outcome(Evaluate(Ports, Request(port: port))));

    [Theory]
    [InlineData("details", true)]
    [InlineData("DETAILS", true)] // Hosts are case-insensitive.
    [InlineData("details.default.svc.cluster.local", true)]
    [InlineData("details:9080", false)] // Compared as sent: Istio's advice is to list "details:*" too.
    [InlineData("ratings", false)]
    public void Evaluate_Hosts_CaseInsensitiveAndPortSensitive(string host, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/hosts")), Outcome(Evaluate(Hosts, Request(host: host))));
}
