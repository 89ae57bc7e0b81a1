using Bookinfo.ProductPage.Catalog;
using Bookinfo.ProductPage.Services;

namespace Bookinfo.ProductPage.Apis;

/// <summary>Istio's JSON API: the catalogue, and each backend's answer passed through with its status.</summary>
internal static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/products");
        api.MapGet("/", () => Results.Json(Product.All));

        // Ids stay text, as in Istio: a bad id reaches the backend, which answers it.
        api.MapGet("/{id}", async (string id, HttpRequest request, DetailsClient details, CancellationToken cancellationToken) =>
            ToResult(await details.GetAsync(id, ForwardedHeaders.From(request), cancellationToken)));
        api.MapGet("/{id}/reviews", async (string id, HttpRequest request, ReviewsClient reviews, CancellationToken cancellationToken) =>
            ToResult(await reviews.GetAsync(id, ForwardedHeaders.From(request), cancellationToken)));
        api.MapGet("/{id}/ratings", async (string id, HttpRequest request, RatingsClient ratings, CancellationToken cancellationToken) =>
            ToResult(await ratings.GetAsync(id, ForwardedHeaders.From(request), cancellationToken)));
        return app;
    }

    private static IResult ToResult(UpstreamResult result) => Results.Json(result.Body, statusCode: result.Status);
}
