using System.Globalization;
using System.Text;
using System.Text.Json;
using Bookinfo.ProductPage.Catalog;
using Bookinfo.ProductPage.Services;

namespace Bookinfo.ProductPage.Views;

/// <summary>
/// The product page: description, details table and reviews, or Istio's error texts where a backend
/// failed. The reviews section carries <c>data-reviews-version="v2"</c> (and a visible "reviews-v2"
/// badge) naming the reviews version that answered, and star blocks carry <c>data-star-color</c>.
/// </summary>
internal static class ProductPageView
{
    public const string DetailsError = "Error fetching product details!";
    public const string ReviewsError = "Error fetching product reviews!";

    private static readonly (string Label, string Field)[] DetailFields =
    [
        ("Author", "author"), ("Year", "year"), ("Type", "type"), ("Pages", "pages"), ("Publisher", "publisher"),
        ("Language", "language"), ("ISBN-10", "ISBN-10"), ("ISBN-13", "ISBN-13"),
    ];

    public static string Render(Product product, UpstreamResult details, UpstreamResult reviews, string? user)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(reviews);
        var html = new StringBuilder();
        html.Append("<h1>").Append(Layout.Encode(product.Title)).Append("</h1>\n")
            .Append("<p class=\"description\">").Append(product.DescriptionHtml).Append("</p>\n");
        AppendDetails(html, details);
        AppendReviews(html, reviews);
        return Layout.Page("Simple Bookstore App", Layout.UserBar(user), html.ToString());
    }

    private static void AppendDetails(StringBuilder html, UpstreamResult details)
    {
        html.Append("<section class=\"details\" id=\"details\">\n");
        if (!details.IsSuccess)
        {
            AppendError(html, DetailsError, details.Body);
        }
        else
        {
            html.Append("<h2>Book Details</h2>\n<table>\n");
            foreach (var (label, field) in DetailFields)
            {
                html.Append("<tr><th>").Append(label).Append("</th><td>")
                    .Append(Layout.Encode(Text(details.Body, field))).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendReviews(StringBuilder html, UpstreamResult reviews)
    {
        if (!reviews.IsSuccess)
        {
            html.Append("<section class=\"reviews\" id=\"reviews\">\n");
            AppendError(html, ReviewsError, reviews.Body);
            html.Append("</section>\n");
            return;
        }

        // "version" is this port's addition to Istio's reviews JSON; an Istio reviews image lacks it.
        var version = Text(reviews.Body, "version") is { Length: > 0 } v ? v : "unknown";
        var podName = Text(reviews.Body, "podname");
        var cluster = Text(reviews.Body, "clustername");
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"reviews\" id=\"reviews\" data-reviews-version=\"{Layout.Encode(version)}\">\n")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"reviews-head\"><h2>Book Reviews</h2><span class=\"badge\">reviews-{Layout.Encode(version)}</span></div>\n")
            .Append("<div class=\"review-list\">\n");

        if (reviews.Body.ValueKind == JsonValueKind.Object
            && reviews.Body.TryGetProperty("reviews", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var review in list.EnumerateArray())
            {
                html.Append("<article class=\"review\">\n");
                AppendRating(html, review);
                html.Append("<blockquote>\"").Append(Layout.Encode(Text(review, "text"))).Append("\"</blockquote>\n")
                    .Append("<p class=\"reviewer\">").Append(Layout.Encode(Text(review, "reviewer"))).Append("</p>\n")
                    .Append("<p class=\"served-by\">Reviews served by: ").Append(Layout.Encode(podName));
                // Istio's reviews writes "null" when no cluster name is set, and Istio's page hides it.
                if (cluster is { Length: > 0 } and not "null")
                {
                    html.Append(" on cluster ").Append(Layout.Encode(cluster));
                }

                html.Append("</p>\n</article>\n");
            }
        }

        html.Append("</div>\n</section>\n");
    }

    private static void AppendRating(StringBuilder html, JsonElement review)
    {
        if (review.ValueKind != JsonValueKind.Object
            || !review.TryGetProperty("rating", out var rating) || rating.ValueKind != JsonValueKind.Object)
        {
            return; // reviews v1: no ratings at all
        }

        if (rating.TryGetProperty("stars", out var starsValue) && starsValue.ValueKind == JsonValueKind.Number
            && starsValue.TryGetInt32(out var stars) && stars > 0)
        {
            stars = Math.Min(stars, 5);
            var color = CssColor(Text(rating, "color"));
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"stars\" data-star-color=\"{color}\" data-stars=\"{stars}\" style=\"color:{color}\" title=\"{stars} of 5 stars\">");
            for (var i = 0; i < 5; i++)
            {
                // Filled then empty stars, as Istio draws them; the class names are Istio's older ones.
                html.Append(i < stars
                    ? "<span class=\"glyphicon glyphicon-star\">&#9733;</span>"
                    : "<span class=\"glyphicon glyphicon-star-empty\">&#9734;</span>");
            }

            html.Append("</div>\n");
        }
        else if (Text(rating, "error") is { Length: > 0 } error)
        {
            html.Append("<p class=\"rating-error\">").Append(Layout.Encode(error)).Append("</p>\n");
        }
    }

    private static void AppendError(StringBuilder html, string headline, JsonElement body) =>
        html.Append("<h4 class=\"error\">").Append(headline).Append("</h4>\n")
            .Append("<p>").Append(Layout.Encode(Text(body, "error"))).Append("</p>\n");

    // Backends are other teams' code: a color only reaches the style attribute if it is a plain name or hex.
    private static string CssColor(string color) =>
        color.Length is > 0 and <= 20 && color.All(c => char.IsAsciiLetterOrDigit(c) || c == '#') ? color : "black";

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? string.Empty,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => value.GetRawText(),
            }
            : string.Empty;
}
