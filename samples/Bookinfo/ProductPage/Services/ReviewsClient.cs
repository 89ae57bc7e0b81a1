using System.Text.Json;
using Polly;
using Polly.Retry;

namespace Bookinfo.ProductPage.Services;

/// <summary>
/// Calls <c>http://reviews</c>: Istio's 3 s timeout per attempt (set on the HttpClient) and two attempts, so up to
/// about 6 s. Istio keeps this app-level retry on purpose ("bug introduced explicitly for illustration in fault
/// injection task"); it is the one retry in Bookinfo, and the task's 6 s page load depends on it.
/// </summary>
internal sealed class ReviewsClient(HttpClient http, ILogger<ReviewsClient> logger) : UpstreamClient(http, logger)
{
    public const string Unavailable = "Sorry, product reviews are currently unavailable for this book.";

    public const int Attempts = 2;

    private static readonly JsonElement Error = ErrorBody(Unavailable);

    // Istio's loop: whatever kept the 200 away (an error status, no answer, the timeout), try again at once.
    private static readonly ResiliencePipeline<(int? Status, JsonElement? Body)> IstioRetry =
        new ResiliencePipelineBuilder<(int? Status, JsonElement? Body)>()
            .AddRetry(new RetryStrategyOptions<(int? Status, JsonElement? Body)>
            {
                MaxRetryAttempts = Attempts - 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result.Body is null),
            })
            .Build();

    public async Task<UpstreamResult> GetAsync(string productId, ForwardedHeaders headers, CancellationToken cancellationToken)
    {
        var path = "/reviews/" + Uri.EscapeDataString(productId);
        var (status, body) = await IstioRetry.ExecuteAsync(token => new ValueTask<(int?, JsonElement?)>(GetOnceAsync(path, headers, token)), cancellationToken);

        // Like Istio, report the last attempt's status.
        return body is { } json ? new(StatusCodes.Status200OK, json) : new(status ?? StatusCodes.Status500InternalServerError, Error);
    }
}
