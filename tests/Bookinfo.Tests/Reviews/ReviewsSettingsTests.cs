using Bookinfo.Reviews;
using Microsoft.Extensions.Configuration;

namespace Bookinfo.Tests.Reviews;

// Istio's fault injection and request routing tasks rely on what each reviews version does and on
// its hard-coded ratings timeout, so those derivations are pinned here.
public class ReviewsSettingsTests
{
    [Theory]
    [InlineData(null, false, "black", 10_000)]
    [InlineData("v1", false, "black", 10_000)]
    [InlineData("v2", true, "black", 10_000)]
    [InlineData("v3", true, "red", 2_500)]
    public void From_Version_BehavesAsIstiosImage(string? version, bool ratings, string color, int timeoutMs)
    {
        var settings = From(("SERVICE_VERSION", version));

        Assert.Equal(version ?? "v1", settings.Version);
        Assert.Equal(ratings, settings.RatingsEnabled);
        Assert.Equal(color, settings.StarColor);
        Assert.Equal(TimeSpan.FromMilliseconds(timeoutMs), settings.RatingsTimeout);
    }

    [Fact]
    public void From_StarColorOverride_TimeoutFollowsColorAsInIstio()
    {
        var settings = From(("SERVICE_VERSION", "v2"), ("STAR_COLOR", "red"));

        Assert.Equal("red", settings.StarColor);
        Assert.Equal(TimeSpan.FromMilliseconds(2_500), settings.RatingsTimeout);
    }

    [Fact]
    public void From_EnableRatingsFalse_OverridesVersion()
    {
        Assert.False(From(("SERVICE_VERSION", "v3"), ("ENABLE_RATINGS", "false")).RatingsEnabled);
    }

    internal static ReviewsSettings From(params (string Key, string? Value)[] values) =>
        ReviewsSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value)))
            .Build());
}
