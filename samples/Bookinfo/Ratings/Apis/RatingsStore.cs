using System.Collections.Concurrent;
using System.Text.Json;

namespace Bookinfo.Ratings.Apis;

/// <summary>The ratings of Istio's in-memory ratings service: fixed defaults plus what POST added.</summary>
internal sealed class RatingsStore
{
    private static readonly JsonElement DefaultRatings =
        JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["Reviewer1"] = 5, ["Reviewer2"] = 4 });

    private readonly ConcurrentDictionary<int, JsonElement> added = new();

    public ProductRatings Get(int productId) =>
        new(productId, added.TryGetValue(productId, out var ratings) ? ratings : DefaultRatings);

    // Istio stores whatever JSON was posted, unvalidated, and returns it on later reads.
    public ProductRatings Put(int productId, JsonElement ratings)
    {
        added[productId] = ratings.Clone();
        return Get(productId);
    }
}

/// <summary>The body of a ratings response: <c>{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}</c>.</summary>
internal sealed record ProductRatings(int Id, JsonElement Ratings);
