using System.Text.Json;

namespace Bookinfo.ProductPage.Services;

/// <summary>Calls <c>http://details</c>: one attempt, Istio's 3 s timeout (set on the HttpClient).</summary>
internal sealed class DetailsClient(HttpClient http, ILogger<DetailsClient> logger) : UpstreamClient(http, logger)
{
    public const string Unavailable = "Sorry, product details are currently unavailable for this book.";

    private static readonly JsonElement Error = ErrorBody(Unavailable);

    public async Task<UpstreamResult> GetAsync(string productId, ForwardedHeaders headers, CancellationToken cancellationToken)
    {
        var (status, body) = await GetOnceAsync("/details/" + Uri.EscapeDataString(productId), headers, cancellationToken);
        return body is { } json ? new(StatusCodes.Status200OK, json) : new(status ?? StatusCodes.Status500InternalServerError, Error);
    }
}
