using Mesh.Testing;
using Microsoft.Extensions.Logging;

namespace Mesh.Hosting.Tests.Publishing;

public sealed class PublishWarningsTests(PublishedBookinfo published) : IClassFixture<PublishedBookinfo>
{
    [Fact]
    public void Publish_PrintsOneWarningPerMeshFeatureAzdDoesNotEnforce()
    {
        var azd = published.Logs.Matching("azd will not enforce mesh feature").Select(static l => l.Message).ToList();

        Assert.All(published.Logs.Matching("azd will not enforce"), l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.Collection(
            azd,
            m => Assert.Contains("sidecars, mutual TLS and workload identities (details, productpage, ratings, reviews-v1, reviews-v2, reviews-v3)", m, StringComparison.Ordinal),
            m => Assert.Contains("logical services with several versions (reviews: reviews-v1/reviews-v2/reviews-v3)", m, StringComparison.Ordinal),
            m => Assert.Contains("request routing (VirtualService default/bookinfo, VirtualService default/reviews)", m, StringComparison.Ordinal),
            m => Assert.Contains("traffic policies (DestinationRule default/details, DestinationRule default/productpage, DestinationRule default/ratings, DestinationRule default/reviews)", m, StringComparison.Ordinal),
            m => Assert.Contains("authorization (AuthorizationPolicy default/ratings-viewer)", m, StringComparison.Ordinal),
            m => Assert.Contains("peer authentication (PeerAuthentication istio-system/default)", m, StringComparison.Ordinal),
            m => Assert.Contains("local rate limits (LocalRateLimit default/ratings)", m, StringComparison.Ordinal),
            m => Assert.Contains("the ingress gateway (Gateway default/bookinfo-gateway)", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_SaysWhereItWroteKubernetes_AndThatEverythingCarriedOver()
    {
        Assert.Empty(published.Logs.Matching("kubernetes/: "));
        var summary = Assert.Single(published.Logs.Matching("Published mesh 'mesh' for Kubernetes with Istio"));
        Assert.Contains(published.Kubernetes, summary.Message, StringComparison.Ordinal);
    }
}
