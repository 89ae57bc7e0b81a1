using System.Globalization;
using System.Text.Json.Serialization;
using Bookinfo.Reviews.Services;

namespace Bookinfo.Reviews.Apis;

/// <summary>
/// Istio's reviews JSON (<c>id</c> is a string there too) plus <c>version</c>, which names the version
/// that answered so pages and tests can tell v1, v2 and v3 apart without parsing the pod name.
/// </summary>
internal sealed record ReviewsResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("podname")] string PodName,
    [property: JsonPropertyName("clustername")] string ClusterName,
    [property: JsonPropertyName("reviews")] IReadOnlyList<Review> Reviews,
    [property: JsonPropertyName("version")] string Version)
{
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    public static ReviewsResponse Create(int productId, ReviewsSettings settings, ReviewerStars stars)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            productId.ToString(CultureInfo.InvariantCulture),
            settings.PodName,
            settings.ClusterName,
            [
                new("Reviewer1", "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!",
                    RatingFor(settings, stars.Reviewer1)),
                new("Reviewer2", "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.",
                    RatingFor(settings, stars.Reviewer2)),
            ],
            settings.Version);
    }

    // v1 shows no rating at all; v2 and v3 show stars, or the error when ratings had none to give.
    private static Rating? RatingFor(ReviewsSettings settings, int? stars) =>
        !settings.RatingsEnabled ? null
        : stars is { } count ? new Rating(count, settings.StarColor, null)
        : new Rating(null, null, RatingsUnavailable);
}

internal sealed record Review(
    [property: JsonPropertyName("reviewer")] string Reviewer,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("rating"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Rating? Rating);

/// <summary>Either <c>{"stars":4,"color":"black"}</c> or <c>{"error":"..."}</c>, as in Istio.</summary>
internal sealed record Rating(
    [property: JsonPropertyName("stars"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Stars,
    [property: JsonPropertyName("color"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
