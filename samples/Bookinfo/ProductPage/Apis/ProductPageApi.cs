using Bookinfo.ProductPage.Catalog;
using Bookinfo.ProductPage.Services;
using Bookinfo.ProductPage.Views;

namespace Bookinfo.ProductPage.Apis;

/// <summary>The web UI: Istio's index, product page, login and logout routes.</summary>
internal static class ProductPageApi
{
    private const string HtmlContentType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapProductPageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content(IndexView.Render(), HtmlContentType));
        app.MapGet("/index.html", () => Results.Content(IndexView.Render(), HtmlContentType));
        app.MapGet("/productpage", GetProductPageAsync);
        app.MapPost("/login", LoginAsync);
        app.MapGet("/logout", Logout);
        return app;
    }

    // Like Istio: always product 0, details then reviews one after the other (the fault injection
    // task's timings assume it), and a 200 page whatever the backends answered.
    private static async Task<IResult> GetProductPageAsync(
        HttpRequest request, DetailsClient details, ReviewsClient reviews, CancellationToken cancellationToken)
    {
        var product = Product.All[0];
        var headers = ForwardedHeaders.From(request);
        var detailsResult = await details.GetAsync("0", headers, cancellationToken);
        var reviewsResult = await reviews.GetAsync("0", headers, cancellationToken);
        return Results.Content(
            ProductPageView.Render(product, detailsResult, reviewsResult, Session.User(request)), HtmlContentType);
    }

    // Reads the form by hand: a bound [FromForm] parameter would demand an antiforgery token, which
    // Istio's form (and every script that logs in as jason) does not send.
    private static async Task<IResult> LoginAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string? user = request.Query["username"];
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            user = form["username"].FirstOrDefault() ?? user;
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            Session.SignOut(request.HttpContext.Response);
        }
        else
        {
            Session.SignIn(request.HttpContext.Response, user);
        }

        return Results.Redirect(BackTo(request));
    }

    private static IResult Logout(HttpRequest request)
    {
        Session.SignOut(request.HttpContext.Response);
        return Results.Redirect(BackTo(request));
    }

    // Istio redirects to the Referer. Only its path is kept so the redirect cannot leave this site.
    private static string BackTo(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && referer.PathAndQuery is { } path && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
            && !path.StartsWith("/\\", StringComparison.Ordinal)
            ? path
            : "/productpage";
}
