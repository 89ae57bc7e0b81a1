using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;

namespace MeshHost.IntegrationTests;

/// <summary>
/// A reader of Bookinfo's product page, anonymous or signed in the way Istio's tasks sign in as jason: the
/// login form posts <c>username</c> to <c>/login</c>, productpage sets its <c>session</c> cookie, and from then
/// on every call it makes carries <c>end-user: jason</c>, which routing rules match.
/// </summary>
internal sealed class BookinfoBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    private BookinfoBrowser(BookinfoFixture fixture, bool throughGateway = false)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false })
        {
            // productpage's published address is its sidecar's (inbound capture): a plain-text client there is refused
            // under STRICT, so a browser under STRICT enters through the ingress gateway, as in Istio's tasks.
            BaseAddress = throughGateway
                ? fixture.App.GetEndpoint("gateway", Aspire.Hosting.ApplicationModel.MeshGatewayResource.HttpEndpointName)
                : fixture.App.GetEndpoint("productpage", "http"),
            // Above every delay the tasks inject (7 s at most), so a slow page is measured, not cut off.
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public static BookinfoBrowser Anonymous(BookinfoFixture fixture) => new(fixture);

    /// <summary>An anonymous reader that enters through the ingress gateway (works under STRICT).</summary>
    public static BookinfoBrowser AnonymousThroughGateway(BookinfoFixture fixture) => new(fixture, throughGateway: true);

    /// <summary>Signs in through productpage's login form and checks that the session cookie came back.</summary>
    public static async Task<BookinfoBrowser> SignInAsync(BookinfoFixture fixture, string user, CancellationToken cancellationToken)
    {
        var browser = new BookinfoBrowser(fixture);
        try
        {
            using var form = new FormUrlEncodedContent([new("username", user), new("passwd", "")]);
            using var response = await browser._http.PostAsync(new Uri("/login", UriKind.Relative), form, cancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains(browser._cookies.GetCookies(browser._http.BaseAddress!), c => c.Name == "session" && c.Value == user);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>Loads <c>/productpage</c> once and times it.</summary>
    public async Task<ProductPageVisit> LoadAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri("/productpage", UriKind.Relative), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        clock.Stop();
        // Like Istio's, the page is a 200 whatever its backends answered; the failures show in its text.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ProductPageVisit(html, clock.Elapsed);
    }

    /// <summary>Loads <c>/productpage</c> <paramref name="count"/> times, one after the other.</summary>
    public async Task<IReadOnlyList<ProductPageVisit>> LoadAsync(int count, CancellationToken cancellationToken)
    {
        var visits = new List<ProductPageVisit>(count);
        for (var i = 0; i < count; i++)
        {
            visits.Add(await LoadAsync(cancellationToken));
        }

        return visits;
    }

    /// <summary>
    /// Loads the page until ten in a row answer within a second, for at most a minute. The first requests after
    /// start-up JIT every hot path in a dozen processes and open their connections; on a busy 2-core machine that
    /// can push a call past productpage's 3 s timeout, which measures the machine, not the mesh.
    /// </summary>
    /// <returns>How long it took.</returns>
    public async Task<TimeSpan> WarmUpAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var quick = 0;
        while (quick < 10 && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var visit = await LoadAsync(cancellationToken);
            quick = visit.Elapsed < TimeSpan.FromSeconds(1) && !visit.ShowsReviewsUnavailable ? quick + 1 : 0;
        }

        return clock.Elapsed;
    }

    public void Dispose() => _http.Dispose();
}
