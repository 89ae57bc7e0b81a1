using System.Text.Json;

namespace Bookinfo.ProductPage.Services;

/// <summary>Calls <c>http://ratings</c> for the JSON API: one attempt, Istio's 3 s timeout.</summary>
internal sealed class RatingsClient(HttpClient http, ILogger<RatingsClient> logger) : UpstreamClient(http, logger)
{
    public const string Unavailable = "Sorry, product ratings are currently unavailable for this book.";

    private static readonly JsonElement Error = ErrorBody(Unavailable);

    public async Task<UpstreamResult> GetAsync(string productId, ForwardedHeaders headers, CancellationToken cancellationToken)
    {
        var (status, body) = await GetOnceAsync("/ratings/" + Uri.EscapeDataString(productId), headers, cancellationToken);
        return body is { } json ? new(StatusCodes.Status200OK, json) : new(status ?? StatusCodes.Status500InternalServerError, Error);
    }
}
