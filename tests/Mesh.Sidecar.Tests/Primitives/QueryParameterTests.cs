using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Primitives;

/// <summary>Query parameters as Envoy's route matcher reads them: exact decoded name, first value.</summary>
public sealed class QueryParameterTests
{
    [Theory]
    [InlineData("?fish=cod&size=big", "size", "big")]
    [InlineData("?fish=cod&fish=eel", "fish", "cod")]
    [InlineData("?Fish=eel&fish=cod", "fish", "cod")]
    [InlineData("?FISH=cod", "fish", null)]
    [InlineData("?fish", "fish", "")]
    [InlineData("?fish=", "fish", "")]
    [InlineData("?fishes=cod", "fish", null)]
    [InlineData("?a=1&&fish=cod", "fish", "cod")]
    [InlineData("?big%20fish=cod", "big fish", "cod")]
    [InlineData("?fish=cod+and+chips", "fish", "cod and chips")]
    [InlineData("?fish=%2Fsea%3F", "fish", "/sea?")]
    [InlineData("", "fish", null)]
    public void FirstValue_ReadsTheRawQueryAsEnvoy(string query, string name, string? expected) =>
        Assert.Equal(expected, QueryParameter.FirstValue(new QueryString(query.Length == 0 ? null : query), name));
}
