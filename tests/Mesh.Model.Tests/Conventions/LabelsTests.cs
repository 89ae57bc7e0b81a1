using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class LabelsTests
{
    private static readonly Dictionary<string, string> s_reviewsV2 = new() { ["app"] = "reviews", ["version"] = "v2" };

    [Fact]
    public void Contain_EmptySelector_SelectsAll() =>
        Assert.True(Labels.Contain(s_reviewsV2, new Dictionary<string, string>()));

    [Theory]
    [InlineData("version", "v2", true)]
    [InlineData("version", "V2", false)]
    [InlineData("team", "books", false)]
    public void Contain_Selector_NeedsEveryKeyAndValue(string key, string value, bool expected) =>
        Assert.Equal(expected, Labels.Contain(s_reviewsV2, new Dictionary<string, string> { ["app"] = "reviews", [key] = value }));

    [Fact]
    public void WithIdentity_MissingAppAndVersion_AddsThemAndKeepsGivenOnes()
    {
        var labels = Labels.WithIdentity(new Dictionary<string, string> { ["version"] = "v3", ["team"] = "books" }, "reviews", "v1");

        Assert.Equal([("app", "reviews"), ("team", "books"), ("version", "v3")], labels.Select(l => (l.Key, l.Value)));
    }
}
