using System.Globalization;

namespace Bookinfo.Details.Apis;

internal static class DetailsApi
{
    public static IEndpointRouteBuilder MapDetailsApi(this IEndpointRouteBuilder app)
    {
        // The id is taken as text so a non-numeric id gets Istio's 400 body instead of a bare 404.
        app.MapGet("/details/{id}", (string id) =>
            int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var productId)
                ? Results.Json(BookDetails.For(productId))
                : Results.Json(new { error = "please provide numeric product id" }, statusCode: StatusCodes.Status400BadRequest));
        return app;
    }
}
