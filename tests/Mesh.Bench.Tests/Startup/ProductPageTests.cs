using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

public sealed class ProductPageTests
{
    // The parts of Bookinfo's product page the check reads (samples/Bookinfo/ProductPage/Views/ProductPageView.cs).
    private const string Description = """<h1>The Comedy of Errors</h1><p class="description"><a href="https://en.wikipedia.org/wiki/The_Comedy_of_Errors">Wikipedia Summary</a>: The Comedy of Errors is one of William Shakespeare's early plays.</p>""";
    private const string Details = """<section class="details" id="details"><h2>Book Details</h2><table><tr><th>Author</th><td>William Shakespeare</td></tr></table></section>""";
    private const string DetailsFailed = """<section class="details" id="details"><h4 class="error">Error fetching product details!</h4><p>Sorry, product details are currently unavailable for this book.</p></section>""";
    private const string ReviewsFailed = """<section class="reviews" id="reviews"><h4 class="error">Error fetching product reviews!</h4><p>Sorry, product reviews are currently unavailable for this book.</p></section>""";

    [Fact]
    public void Judge_DetailsReviewsAndStars_IsComplete()
    {
        var verdict = ProductPage.Judge(200, Page(Description + Details + Reviews("v2", Stars("black", 5) + Stars("black", 4))));

        Assert.True(verdict.Complete);
        Assert.False(verdict.Error);
    }

    [Fact]
    public void Judge_ReviewsV1WithoutStars_IsNeitherCompleteNorAnError()
    {
        var verdict = ProductPage.Judge(200, Page(Description + Details + Reviews("v1", "")));

        Assert.False(verdict.Complete);
        Assert.False(verdict.Error);
        Assert.Equal("reviews-v1, no stars", verdict.Note);
    }

    [Fact]
    public void Judge_RatingsUnavailable_IsAnError()
    {
        var verdict = ProductPage.Judge(200, Page(Description + Details + Reviews("v3", """<p class="rating-error">Ratings service is currently unavailable</p>""")));

        Assert.False(verdict.Complete);
        Assert.True(verdict.Error);
        Assert.Equal("ratings failed", verdict.Note);
    }

    [Fact]
    public void Judge_DetailsAndReviewsFailed_NamesBoth()
    {
        var verdict = ProductPage.Judge(200, Page(Description + DetailsFailed + ReviewsFailed));

        Assert.True(verdict.Error);
        Assert.Equal("details failed, reviews failed", verdict.Note);
    }

    [Fact]
    public void Judge_NotOk_IsAnErrorNamingTheStatus()
    {
        var verdict = ProductPage.Judge(503, "no healthy upstream");

        Assert.True(verdict.Error);
        Assert.Equal("HTTP 503", verdict.Note);
    }

    [Fact]
    public void Judge_OkButNotAProductPage_IsAnError() =>
        Assert.Equal("not a product page", ProductPage.Judge(200, Page("<h3>Hello! This is a simple bookstore application</h3>")).Note);

    [Fact]
    public void Judge_BookTitleSaysErrors_IsNotMistakenForAnError() =>
        Assert.True(ProductPage.Judge(200, Page(Description + Details + Reviews("v3", Stars("red", 4)))).Complete);

    private static string Page(string body) => $"<!DOCTYPE html><html><body><main>{body}</main></body></html>";

    private static string Reviews(string version, string ratings) =>
        $"""<section class="reviews" id="reviews" data-reviews-version="{version}"><h2>Book Reviews</h2><article class="review">{ratings}<blockquote>"An extremely entertaining play by Shakespeare."</blockquote></article></section>""";

    private static string Stars(string color, int stars) =>
        $"""<div class="stars" data-star-color="{color}" data-stars="{stars}" style="color:{color}">&#9733;</div>""";
}
