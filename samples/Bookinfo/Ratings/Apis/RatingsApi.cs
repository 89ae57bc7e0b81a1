using System.Globalization;
using System.Text.Json;

namespace Bookinfo.Ratings.Apis;

internal static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ratings/{id}", GetRatingsAsync);
        app.MapPost("/ratings/{id}", PostRatingsAsync);
        return app;
    }

    private static async Task<IResult> GetRatingsAsync(
        string id, RatingsStore store, RatingsFaults faults, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var productId))
        {
            return Error(StatusCodes.Status400BadRequest, "please provide numeric product ID");
        }

        if (faults.NextReadFails())
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "Service unavailable");
        }

        var delay = faults.NextReadDelay();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }

        return Results.Json(store.Get(productId));
    }

    private static async Task<IResult> PostRatingsAsync(
        string id, HttpRequest request, RatingsStore store, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var productId))
        {
            return Error(StatusCodes.Status400BadRequest, "please provide numeric product ID");
        }

        JsonElement ratings;
        try
        {
            ratings = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "please provide valid ratings JSON");
        }

        return Results.Json(store.Put(productId, ratings));
    }

    private static bool TryParseId(string id, out int productId) =>
        int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out productId);

    private static IResult Error(int statusCode, string message) =>
        Results.Json(new { error = message }, statusCode: statusCode);
}
