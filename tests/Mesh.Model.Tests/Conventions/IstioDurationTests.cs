using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class IstioDurationTests
{
    [Theory]
    [InlineData("0.5s", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1m", 60_000)]
    [InlineData("100ms", 100)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("3m", 180_000)]
    [InlineData("0", 0)]
    [InlineData("180.000s", 180_000)]
    [InlineData("-1s", -1_000)]
    public void TryParse_IstioFormat_Parses(string text, int milliseconds)
    {
        Assert.True(IstioDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Fact]
    public void TryParse_SubMillisecondUnits_KeepTicks()
    {
        Assert.True(IstioDuration.TryParse("250us", out var micro));
        Assert.True(IstioDuration.TryParse("500ns", out var nano));

        Assert.Equal((TimeSpan.FromMicroseconds(250), 5L), (micro, nano.Ticks));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1x")]
    [InlineData("s")]
    [InlineData("1.2.3s")]
    [InlineData("10 seconds")]
    [InlineData("PT10S")]
    public void TryParse_NotADuration_Fails(string text) => Assert.False(IstioDuration.TryParse(text, out _));

    [Fact]
    public void TryParse_UpToGosLimit_Parses()
    {
        Assert.True(IstioDuration.TryParse("1200h", out var days));
        Assert.True(IstioDuration.TryParse("2562047h47m16.8547758s", out var longest));

        Assert.Equal((TimeSpan.FromDays(50), IstioDuration.Maximum), (days, longest));
    }

    [Theory]
    [InlineData("2562048h")]
    [InlineData("2562047h48m")]
    [InlineData("99999999999999999999999999h")]
    [InlineData("9999999999999999999999999999ns")]
    public void TryParse_PastGosLimit_FailsAsAnOverflow(string text)
    {
        Assert.False(IstioDuration.TryParse(text, out _, out var overflow));

        Assert.True(overflow);
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(7_000, "7s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(180_000, "3m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(0, "0s")]
    public void Format_Duration_WritesIstioFormat(int milliseconds, string expected) =>
        Assert.Equal(expected, IstioDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
