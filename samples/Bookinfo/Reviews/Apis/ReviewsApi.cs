using Bookinfo.Reviews.Services;

namespace Bookinfo.Reviews.Apis;

internal static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        // Istio's route takes an int too; other ids get 404.
        app.MapGet("/reviews/{id:int}", GetReviewsAsync);
        return app;
    }

    private static async Task<IResult> GetReviewsAsync(
        int id, HttpRequest request, ReviewsSettings settings, RatingsClient ratings, CancellationToken cancellationToken)
    {
        var stars = settings.RatingsEnabled
            ? await ratings.GetStarsAsync(id, request.Headers, cancellationToken)
            : ReviewerStars.Unavailable;
        return Results.Json(ReviewsResponse.Create(id, settings, stars));
    }
}
