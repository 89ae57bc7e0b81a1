using Aspire.Hosting.Internal.Commands;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>What users type into the traffic and fault commands: accepted as meant, or refused naming the input.</summary>
public sealed class RouteInputsTests
{
    private static readonly string[] Versions = ["v1", "v2", "v3"];

    [Theory]
    [InlineData("v1=50,v3=50", "v1:50 v3:50")]
    [InlineData(" V1 = 20 ; v2=80 ", "v1:20 v2:80")]
    [InlineData("v1=50, v3=50", "v1:50 v3:50")]
    [InlineData("v1=0,v3=100", "v3:100")]
    public void Split_Valid_IsTheWeightsOfDeclaredVersions(string text, string expected)
    {
        Assert.True(RouteInputs.TryParseSplit(text, Versions, out var split, out var error), error);

        Assert.Equal(expected, string.Join(' ', split.Select(w => $"{w.Version}:{w.Weight}")));
    }

    [Theory]
    [InlineData("", "Split is empty")]
    [InlineData("v1=50,v4=50", "version 'v4' is not one the AppHost declared (v1, v2, v3)")]
    [InlineData("v1=50,v3=40", "weights add up to 90, expected 100")]
    [InlineData("v1:50,v3=50", "'v1:50' is not version=weight")]
    [InlineData("v1=-5,v3=105", "'v1=-5' is not version=weight")]
    [InlineData("v1=50,v1=50", "version 'v1' is given twice")]
    public void Split_Invalid_IsRefusedNamingTheProblem(string text, string expected)
    {
        Assert.False(RouteInputs.TryParseSplit(text, Versions, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60000)]
    public void Delay_IstioDuration_IsRead(string text, int milliseconds)
    {
        Assert.True(RouteInputs.TryParseDelay(text, out var delay, out _));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), delay);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("2")]
    [InlineData("two seconds")]
    [InlineData("2h")]
    public void Delay_Invalid_IsRefusedNamingTheInput(string text)
    {
        Assert.False(RouteInputs.TryParseDelay(text, out _, out var error));

        Assert.StartsWith($"Delay '{text}' is not a duration", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100.5")]
    [InlineData("half")]
    public void Percentage_OutOfRange_IsRefused(string text)
    {
        Assert.False(RouteInputs.TryParsePercentage(text, out _, out var error));

        Assert.StartsWith($"Percentage '{text}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("199")]
    [InlineData("600")]
    [InlineData("5xx")]
    public void Status_OutOfRange_IsRefused(string text)
    {
        Assert.False(RouteInputs.TryParseStatus(text, out _, out var error));

        Assert.StartsWith($"HTTP status '{text}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PercentageAndStatus_Valid_AreRead()
    {
        Assert.True(RouteInputs.TryParsePercentage("12.5", out var percentage, out _));
        Assert.True(RouteInputs.TryParseStatus("503", out var status, out _));

        Assert.Equal(12.5, percentage);
        Assert.Equal(503, status);
    }
}
