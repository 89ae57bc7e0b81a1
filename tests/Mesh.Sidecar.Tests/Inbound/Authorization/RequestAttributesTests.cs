using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

public sealed class RequestAttributesTests
{
    [Theory]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage", "default")]
    [InlineData("cluster.local/ns/istio-system/sa/ingress", "istio-system")]
    [InlineData("cluster.local/sa/no-namespace", null)]
    [InlineData("cluster.local/ns//sa/empty", null)]
    [InlineData(null, null)]
    public void NamespaceOf_Principal_IsTheSegmentAfterNs(string? principal, string? expected) =>
        Assert.Equal(expected, Authz.NamespaceOf(principal));

    [Fact]
    public void From_HttpRequest_TakesPathWithoutQueryAndHostAsSent()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/details/0";
        context.Request.QueryString = new QueryString("?x=1");
        context.Request.Host = new HostString("details:9080");

        var attributes = RequestAttributes.From(context.Request, "cluster.local/ns/default/sa/sleep", "default", 9080);

        Assert.Equal(("GET", "/details/0", "details:9080", 9080), (attributes.Method, attributes.Path, attributes.Host, attributes.DestinationPort));
    }
}
