using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>
/// Steady Bookinfo traffic, a few requests a second: the product page through the ingress gateway (productpage then
/// calls details, reviews and, through reviews v2 and v3, ratings), and direct calls between services, sent to
/// productpage's sidecar as productpage sends them: details, reviews, ratings. Every call is recorded with the
/// processes it needs (<see cref="CallOutcome"/>).
/// </summary>
internal sealed class SteadyTraffic : IAsyncDisposable
{
    /// <summary>Each kind of call goes out twice a second: steady, not flat out, so a 2-core machine measures the mesh.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>The header of the run-time rule the kill tests apply (<see cref="KillTests"/>), and the status it answers with.</summary>
    public const string MarkerHeader = "x-reliability-marker";
    public const HttpStatusCode MarkerStatus = (HttpStatusCode)418;

    private static readonly string[] DetailsFailures = ["Error fetching product details!", "Sorry, product details are currently unavailable for this book."];
    private const string ReviewsFailure = "Error fetching product reviews!";

    private readonly ConcurrentQueue<CallOutcome> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<HttpClient> _clients = [];
    private readonly Task[] _loops;

    private SteadyTraffic(BookinfoFixture fixture, HttpClient gateway, bool marker)
    {
        var details = Client(fixture, MeshSidecarResource.OutboundEndpointPrefix + "details");
        var reviews = Client(fixture, MeshSidecarResource.OutboundEndpointPrefix + "reviews");
        var ratings = Client(fixture, MeshSidecarResource.OutboundEndpointPrefix + "ratings");
        List<Task> loops =
        [
            LoopAsync(ct => PageAsync(gateway, ct)),
            LoopAsync(ct => DirectAsync(details, "/details/0", "productpage-sidecar → details", BookinfoPaths.Details, ct)),
            LoopAsync(ct => ReviewsAsync(reviews, ct)),
            LoopAsync(ct => DirectAsync(ratings, "/ratings/0", "productpage-sidecar → ratings", BookinfoPaths.Ratings, ct)),
        ];
        if (marker)
        {
            loops.Add(LoopAsync(ct => MarkerAsync(details, ct)));
        }

        _loops = [.. loops];
    }

    /// <summary>Starts the traffic; <paramref name="marker"/> adds the call that must meet the run-time rule.</summary>
    public static SteadyTraffic Start(BookinfoFixture fixture, HttpClient gateway, bool marker) => new(fixture, gateway, marker);

    /// <summary>Every call so far.</summary>
    public IReadOnlyList<CallOutcome> Calls => [.. _calls];

    /// <summary>Stops sending (calls in flight are dropped, not counted) and returns every call made.</summary>
    public async Task<IReadOnlyList<CallOutcome>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return Calls;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _clients.ForEach(c => c.Dispose());
        _stop.Dispose();
    }

    private HttpClient Client(BookinfoFixture fixture, string outboundEndpoint)
    {
        var client = Loopback.CreateClient(fixture.App.GetEndpoint("productpage-sidecar", outboundEndpoint));
        client.Timeout = TimeSpan.FromSeconds(10);
        _clients.Add(client);
        return client;
    }

    private async Task LoopAsync(Func<CancellationToken, Task<IEnumerable<CallOutcome>>> send)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            do
            {
                foreach (var call in await send(_stop.Token))
                {
                    _calls.Enqueue(call);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private static async Task<IEnumerable<CallOutcome>> PageAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        const string Page = "gateway → productpage";
        var (at, response, failure) = await SendAsync(gateway, "/productpage", marker: false, cancellationToken);
        if (failure is not null)
        {
            return [new(Page, at, failure, BookinfoPaths.Ingress)];
        }

        var visit = new ProductPageVisit(response!.Body, TimeSpan.Zero);
        var withDetails = BookinfoPaths.Union(BookinfoPaths.Ingress, BookinfoPaths.Details);
        var withReviews = BookinfoPaths.Union(BookinfoPaths.Ingress, BookinfoPaths.Reviews);
        List<CallOutcome> parts =
        [
            new(Page, at, null, BookinfoPaths.Ingress),
            new(Page + " → details", at, DetailsFailures.FirstOrDefault(t => visit.Html.Contains(t, StringComparison.Ordinal)), withDetails),
            new(Page + " → reviews", at, visit.ShowsReviewsUnavailable || visit.Html.Contains(ReviewsFailure, StringComparison.Ordinal) ? ReviewsFailure : null, withReviews),
        ];
        if (visit.ShowsRatingsUnavailable || visit.ReviewsVersion is "v2" or "v3")
        {
            parts.Add(new(Page + " → reviews → ratings", at, visit.ShowsRatingsUnavailable ? ProductPageVisit.RatingsUnavailable : null,
                BookinfoPaths.Union(withReviews, BookinfoPaths.Ratings)));
        }

        return parts;
    }

    private static async Task<IEnumerable<CallOutcome>> DirectAsync(HttpClient client, string path, string name, FrozenSet<string> callee, CancellationToken cancellationToken)
    {
        var (at, _, failure) = await SendAsync(client, path, marker: false, cancellationToken);
        return [new(name, at, failure, BookinfoPaths.Union(BookinfoPaths.FromProductPage, callee))];
    }

    /// <summary>reviews v2 and v3 call ratings; their answer then says whether ratings answered them.</summary>
    private static async Task<IEnumerable<CallOutcome>> ReviewsAsync(HttpClient reviews, CancellationToken cancellationToken)
    {
        const string Name = "productpage-sidecar → reviews";
        var needs = BookinfoPaths.Union(BookinfoPaths.FromProductPage, BookinfoPaths.Reviews);
        var (at, response, failure) = await SendAsync(reviews, "/reviews/0", marker: false, cancellationToken);
        if (failure is not null)
        {
            return [new(Name, at, failure, needs)];
        }

        using var json = JsonDocument.Parse(response!.Body);
        var ratings = json.RootElement.GetProperty("reviews").EnumerateArray()
            .Where(r => r.TryGetProperty("rating", out _))
            .Select(r => r.GetProperty("rating"))
            .ToArray();
        if (ratings.Length == 0)
        {
            return [new(Name, at, null, needs)]; // v1: no ratings call.
        }

        var ratingsFailure = ratings.Any(r => r.TryGetProperty("error", out _)) ? ProductPageVisit.RatingsUnavailable : null;
        return [new(Name, at, null, needs), new(Name + " → ratings", at, ratingsFailure, BookinfoPaths.Union(needs, BookinfoPaths.Ratings))];
    }

    /// <summary>A details call carrying the marker header, which the run-time rule answers in productpage's sidecar.</summary>
    private static async Task<IEnumerable<CallOutcome>> MarkerAsync(HttpClient details, CancellationToken cancellationToken)
    {
        const string Name = "productpage-sidecar → details, marked (run-time rule)";
        var (at, response, failure) = await SendAsync(details, "/details/0", marker: true, cancellationToken, expected: MarkerStatus);
        return [new(Name, at, failure, BookinfoPaths.FromProductPage)];
    }

    private static async Task<(DateTime At, Answer? Response, string? Failure)> SendAsync(
        HttpClient client, string path, bool marker, CancellationToken cancellationToken, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var at = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (marker)
            {
                request.Headers.Add(MarkerHeader, "on");
            }

            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode == expected
                ? (at, new Answer(body), null)
                : (at, null, string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} after {clock.ElapsedMilliseconds} ms (expected {(int)expected}): {Truncate(body)}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (at, null, string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name} after {clock.ElapsedMilliseconds} ms: {ex.Message}"));
        }
    }

    private static string Truncate(string body) => body.Length <= 120 ? body : body[..120] + "…";

    private sealed record Answer(string Body);
}
