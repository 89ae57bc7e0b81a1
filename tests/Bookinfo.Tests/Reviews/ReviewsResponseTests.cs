using System.Text.Json;
using Bookinfo.Reviews.Apis;
using Bookinfo.Reviews.Services;

namespace Bookinfo.Tests.Reviews;

// The productpage (Istio's or ours) reads this JSON by name, so its shape is the contract.
public class ReviewsResponseTests
{
    [Fact]
    public void Create_V1_HasNoRatingAndNamesVersion()
    {
        var json = Serialize("v1", ReviewerStars.Unavailable);

        Assert.Equal("v1", json.GetProperty("version").GetString());
        Assert.Equal("0", json.GetProperty("id").GetString());
        Assert.All(json.GetProperty("reviews").EnumerateArray(), r => Assert.False(r.TryGetProperty("rating", out _)));
    }

    [Fact]
    public void Create_V3WithStars_HasRedStars()
    {
        var rating = Serialize("v3", new(5, 4)).GetProperty("reviews")[1].GetProperty("rating");

        Assert.Equal(4, rating.GetProperty("stars").GetInt32());
        Assert.Equal("red", rating.GetProperty("color").GetString());
        Assert.False(rating.TryGetProperty("error", out _));
    }

    [Fact]
    public void Create_V2WithoutRatings_HasIstioErrorText()
    {
        var rating = Serialize("v2", ReviewerStars.Unavailable).GetProperty("reviews")[0].GetProperty("rating");

        Assert.Equal("Ratings service is currently unavailable", rating.GetProperty("error").GetString());
        Assert.False(rating.TryGetProperty("stars", out _));
    }

    private static JsonElement Serialize(string version, ReviewerStars stars) =>
        JsonSerializer.SerializeToElement(
            ReviewsResponse.Create(0, ReviewsSettingsTests.From(("SERVICE_VERSION", version)), stars));
}
