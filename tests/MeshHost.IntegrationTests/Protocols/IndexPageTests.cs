using System.Net;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>The sample's page (what <c>dotnet run</c> shows): one call of each kind through the mesh, each with its outcome.</summary>
[Collection(ProtocolsTestGroup.Name)]
public sealed class IndexPageTests(ProtocolsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Page_MakesEveryCallThroughTheMesh_AndShowsWhatCameBack()
    {
        var (status, html) = await fixture.GetUntilOkAsync("/");
        output.WriteLine(html);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("result failed", html, StringComparison.Ordinal);
        Assert.Contains("Hello world (3 of 3)", html, StringComparison.Ordinal);
        Assert.Contains("Hello Ada, Grace, Linus", html, StringComparison.Ordinal);
        Assert.Contains("DeadlineExceeded after", html, StringComparison.Ordinal);
        Assert.Contains("Unavailable: failed on request", html, StringComparison.Ordinal);
        Assert.Contains("streams saw: By=", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode($"URI={ProtocolsFixture.FrontendIdentity}"), html, StringComparison.Ordinal);
        Assert.Contains("SHA-256 matches", html, StringComparison.Ordinal);
    }
}
