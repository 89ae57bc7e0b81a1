using System.Text.Json;

namespace Bookinfo.ProductPage.Services;

/// <summary>
/// Calls <c>http://reviews</c>: Istio's 3 s timeout per attempt and two attempts, so up to about 6 s.
/// Istio keeps this app-level retry on purpose ("bug introduced explicitly for illustration in fault
/// injection task"); it is the one retry in Bookinfo, and the task's 6 s page load depends on it.
/// </summary>
internal sealed class ReviewsClient(HttpClient http, ILogger<ReviewsClient> logger) : UpstreamClient(http, logger)
{
    public const string Unavailable = "Sorry, product reviews are currently unavailable for this book.";

    public const int Attempts = 2;

    private static readonly JsonElement Error = ErrorBody(Unavailable);

    public async Task<UpstreamResult> GetAsync(string productId, ForwardedHeaders headers, CancellationToken cancellationToken)
    {
        int? status = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            (status, var body) = await GetOnceAsync("/reviews/" + Uri.EscapeDataString(productId), headers, cancellationToken);
            if (body is { } json)
            {
                return new(StatusCodes.Status200OK, json);
            }
        }

        // Like Istio, report the last attempt's status.
        return new(status ?? StatusCodes.Status500InternalServerError, Error);
    }
}
