using System.Globalization;
using System.Text.Json;

namespace Bookinfo.Reviews.Services;

/// <summary>The two reviewers' stars; null where ratings gave none (or failed).</summary>
internal readonly record struct ReviewerStars(int? Reviewer1, int? Reviewer2)
{
    public static readonly ReviewerStars Unavailable = new(null, null);
}

/// <summary>Calls <c>http://ratings</c>; the HttpClient's timeout is Istio's per-version one.</summary>
internal sealed partial class RatingsClient(HttpClient http, ILogger<RatingsClient> logger)
{
    public async Task<ReviewerStars> GetStarsAsync(int productId, IHeaderDictionary incoming, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/ratings/{productId}"));
        ForwardedHeaders.Copy(incoming, request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRatingsStatus(logger, (int)response.StatusCode);
                return ReviewerStars.Unavailable;
            }

            using var body = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (!body.RootElement.TryGetProperty("ratings", out var ratings) || ratings.ValueKind != JsonValueKind.Object)
            {
                return ReviewerStars.Unavailable;
            }

            return new(Stars(ratings, "Reviewer1"), Stars(ratings, "Reviewer2"));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A timeout surfaces as a cancellation the caller did not ask for.
            LogRatingsFailed(logger, ex);
            return ReviewerStars.Unavailable;
        }
    }

    private static int? Stars(JsonElement ratings, string reviewer) =>
        ratings.TryGetProperty(reviewer, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var stars)
            ? stars
            : null;

    [LoggerMessage(1, LogLevel.Warning, "Ratings answered status {StatusCode}")]
    private static partial void LogRatingsStatus(ILogger logger, int statusCode);

    [LoggerMessage(2, LogLevel.Warning, "Ratings call failed")]
    private static partial void LogRatingsFailed(ILogger logger, Exception exception);
}
