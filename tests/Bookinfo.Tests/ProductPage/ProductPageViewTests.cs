using System.Text.Json;
using Bookinfo.ProductPage.Catalog;
using Bookinfo.ProductPage.Services;
using Bookinfo.ProductPage.Views;

namespace Bookinfo.Tests.ProductPage;

// Integration tests and Istio's tasks read the page's text; these pin the strings and markers they grep.
public class ProductPageViewTests
{
    private static readonly UpstreamResult Details = Ok("""{"id":0,"publisher":"PublisherA","ISBN-10":"1234567890"}""");

    [Fact]
    public void Render_ReviewsV3_MarksVersionAndRedStars()
    {
        var reviews = Ok("""
            {"id":"0","podname":"reviews-v3-1","clustername":"null","version":"v3","reviews":[
              {"reviewer":"Reviewer1","text":"t1","rating":{"stars":5,"color":"red"}},
              {"reviewer":"Reviewer2","text":"t2","rating":{"stars":4,"color":"red"}}]}
            """);

        var html = ProductPageView.Render(Product.All[0], Details, reviews, user: null);

        Assert.Contains("data-reviews-version=\"v3\"", html, StringComparison.Ordinal);
        Assert.Contains("data-star-color=\"red\" data-stars=\"4\"", html, StringComparison.Ordinal);
        Assert.Contains("Reviews served by: reviews-v3-1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("on cluster", html, StringComparison.Ordinal);
        Assert.Contains("1234567890", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RatingsFailed_ShowsReviewsErrorText()
    {
        var reviews = Ok("""
            {"version":"v2","reviews":[{"reviewer":"Reviewer1","text":"t1","rating":{"error":"Ratings service is currently unavailable"}}]}
            """);

        var html = ProductPageView.Render(Product.All[0], Details, reviews, user: "jason");

        Assert.Contains("Ratings service is currently unavailable", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-star-color", html, StringComparison.Ordinal);
        Assert.Contains("Signed in as <b>jason</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BackendsFailed_ShowsIstioErrorTexts()
    {
        var details = new UpstreamResult(503, Json("""{"error":"Sorry, product details are currently unavailable for this book."}"""));
        var reviews = new UpstreamResult(500, Json("""{"error":"Sorry, product reviews are currently unavailable for this book."}"""));

        var html = ProductPageView.Render(Product.All[0], details, reviews, user: null);

        Assert.Contains("Error fetching product details!", html, StringComparison.Ordinal);
        Assert.Contains("Sorry, product details are currently unavailable for this book.", html, StringComparison.Ordinal);
        Assert.Contains("Error fetching product reviews!", html, StringComparison.Ordinal);
        Assert.Contains("Sorry, product reviews are currently unavailable for this book.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-reviews-version", html, StringComparison.Ordinal);
    }

    private static UpstreamResult Ok(string json) => new(200, Json(json));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
