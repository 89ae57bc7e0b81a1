using System.Collections.Frozen;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>
/// One call of the steady traffic, or one part of a product page (its details, its reviews, its ratings), with the
/// processes it passes through: a call that does not need a killed process must not fail.
/// </summary>
/// <param name="Path">What was called, e.g. <c>productpage-sidecar → ratings</c>.</param>
/// <param name="At">When the call was sent.</param>
/// <param name="Failure">Why it failed, or null when it succeeded.</param>
/// <param name="Needs">The resources whose processes it passes through.</param>
internal sealed record CallOutcome(string Path, DateTime At, string? Failure, FrozenSet<string> Needs)
{
    public bool Succeeded => Failure is null;
}

/// <summary>Which of Bookinfo's processes each kind of call passes through.</summary>
internal static class BookinfoPaths
{
    /// <summary>A browser's page: the gateway, then productpage's sidecar and productpage.</summary>
    public static readonly FrozenSet<string> Ingress = Set("gateway", "productpage-sidecar", "productpage");

    /// <summary>A call productpage makes, sent straight to its sidecar's outbound listener.</summary>
    public static readonly FrozenSet<string> FromProductPage = Set("productpage-sidecar");

    public static readonly FrozenSet<string> Details = Set("details-sidecar", "details");

    /// <summary>Any version may answer, so a reviews call needs every one.</summary>
    public static readonly FrozenSet<string> Reviews = Set(
        "reviews-v1", "reviews-v1-sidecar", "reviews-v2", "reviews-v2-sidecar", "reviews-v3", "reviews-v3-sidecar");

    public static readonly FrozenSet<string> Ratings = Set("ratings-sidecar", "ratings");

    public static FrozenSet<string> Union(params FrozenSet<string>[] parts) => parts.SelectMany(p => p).ToFrozenSet(StringComparer.Ordinal);

    private static FrozenSet<string> Set(params string[] resources) => resources.ToFrozenSet(StringComparer.Ordinal);
}
