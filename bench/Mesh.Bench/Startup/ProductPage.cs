namespace Mesh.Bench.Startup;

/// <summary>What one product page showed.</summary>
/// <param name="Complete">Details, reviews and ratings (stars) all there, and no error text.</param>
/// <param name="Error">Something failed: a status other than 200, or one of Bookinfo's error texts.</param>
/// <param name="Note">Why it is not complete (empty when it is).</param>
internal sealed record PageVerdict(bool Complete, bool Error, string Note);

/// <summary>
/// Judges Bookinfo's product page (samples/Bookinfo/ProductPage/Views/ProductPageView.cs, Istio's texts). Complete means
/// every service behind the gateway answered: the details table, the reviews section and ratings stars. A page from
/// reviews-v1 shows no stars by design: not an error, but not proof that ratings answers either, so not complete.
/// </summary>
internal static class ProductPage
{
    public const string Path = "/productpage";

    // Istio's texts, as Bookinfo's product page renders them.
    internal const string DetailsError = "Error fetching product details!";
    internal const string ReviewsError = "Error fetching product reviews!";
    internal const string RatingsError = "Ratings service is currently unavailable";
    private const string DetailsTable = "<h2>Book Details</h2>";
    private const string ReviewsSection = "data-reviews-version=\"";
    private const string Stars = "data-stars=\"";

    public static PageVerdict Judge(int status, string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (status != 200)
        {
            return new PageVerdict(false, true, $"HTTP {status}");
        }

        var errors = new List<string>();
        if (html.Contains(DetailsError, StringComparison.Ordinal))
        {
            errors.Add("details failed");
        }

        if (html.Contains(ReviewsError, StringComparison.Ordinal))
        {
            errors.Add("reviews failed");
        }

        if (html.Contains(RatingsError, StringComparison.Ordinal))
        {
            errors.Add("ratings failed");
        }

        if (errors.Count > 0)
        {
            return new PageVerdict(false, true, string.Join(", ", errors));
        }

        if (!html.Contains(DetailsTable, StringComparison.Ordinal) || !html.Contains(ReviewsSection, StringComparison.Ordinal))
        {
            return new PageVerdict(false, true, "not a product page");
        }

        return html.Contains(Stars, StringComparison.Ordinal)
            ? new PageVerdict(true, false, "")
            : new PageVerdict(false, false, $"reviews-{ReviewsVersion(html)}, no stars");
    }

    private static string ReviewsVersion(string html)
    {
        var start = html.IndexOf(ReviewsSection, StringComparison.Ordinal) + ReviewsSection.Length;
        var end = html.IndexOf('"', start);
        return end > start ? html[start..end] : "?";
    }
}
