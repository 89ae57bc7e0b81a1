using Aspire.Hosting.Internal.Restarts;

namespace Mesh.Hosting.Tests.Restarts;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void Delay_DoublesFromOneSecond_CappedAtAMinute(int consecutiveExits, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartBackoff.Delay(consecutiveExits));
    }

    [Fact]
    public void Delay_BeforeAnyExit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartBackoff.Delay(0));
    }
}
