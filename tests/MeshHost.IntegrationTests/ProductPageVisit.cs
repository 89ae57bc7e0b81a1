using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// One load of the product page, read the way Istio's tasks tell a reader to read it: reviews v1 show no
/// stars, v2 black stars, v3 red stars. The C# page also names the version that answered
/// (<c>data-reviews-version</c>) and each star block's colour (<c>data-star-color</c>); both must agree.
/// </summary>
internal sealed partial record ProductPageVisit(string Html, TimeSpan Elapsed)
{
    /// <summary>productpage's text when reviews gave no answer (ReviewsClient.Unavailable).</summary>
    public const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";

    /// <summary>reviews' text, shown per review, when ratings gave no answer (ReviewsResponse.RatingsUnavailable).</summary>
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    public string? ReviewsVersion => VersionMarker().Match(Html) is { Success: true } match ? match.Groups[1].Value : null;

    public IReadOnlyList<string> StarColors => [.. StarColorMarker().Matches(Html).Select(m => m.Groups[1].Value)];

    public bool ShowsReviewsUnavailable => Html.Contains(ReviewsUnavailable, StringComparison.Ordinal);

    public bool ShowsRatingsUnavailable => Html.Contains(RatingsUnavailable, StringComparison.Ordinal);

    /// <summary>
    /// What a reader sees in the reviews section: <c>v1</c> (no stars), <c>v2</c> (black stars for both
    /// reviewers) or <c>v3</c> (red stars for both), else a description of what is there instead.
    /// </summary>
    public string Reviews
    {
        get
        {
            if (ShowsReviewsUnavailable)
            {
                return "reviews unavailable";
            }

            var version = ReviewsVersion ?? "no version";
            var colors = StarColors;
            return (version, colors.Distinct().ToArray(), ShowsRatingsUnavailable) switch
            {
                ("v1", [], false) => "v1",
                ("v2", ["black"], false) when colors.Count == 2 => "v2",
                ("v3", ["red"], false) when colors.Count == 2 => "v3",
                _ => $"reviews {version} with stars [{string.Join(", ", colors)}]" + (ShowsRatingsUnavailable ? " and ratings unavailable" : ""),
            };
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Reviews} in {Elapsed.TotalMilliseconds:F0} ms");

    /// <summary>Asserts that every visit showed <paramref name="expected"/>, naming up to five that did not.</summary>
    public static void AssertAllShow(string expected, IReadOnlyList<ProductPageVisit> visits, string who)
    {
        ArgumentNullException.ThrowIfNull(visits);
        var others = visits.Where(v => v.Reviews != expected).ToList();
        Assert.True(others.Count == 0,
            $"{who}: {others.Count} of {visits.Count} pages did not show reviews {expected}, e.g. {string.Join("; ", others.Take(5))}");
    }

    [GeneratedRegex("data-reviews-version=\"(v[0-9]+)\"")]
    private static partial Regex VersionMarker();

    [GeneratedRegex("data-star-color=\"([^\"]*)\"")]
    private static partial Regex StarColorMarker();
}
