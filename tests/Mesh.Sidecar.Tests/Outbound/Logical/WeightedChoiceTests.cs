using Mesh.Sidecar.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

public sealed class WeightedChoiceTests
{
    private const int Draws = 100_000;

    [Theory]
    [InlineData(50, 50)]
    [InlineData(10, 90)]
    public void Pick_TwoWeights_SplitsInProportion(int first, int second)
    {
        var random = new Random(1);
        int[] weights = [first, second];
        var counts = new int[2];

        for (var i = 0; i < Draws; i++)
        {
            counts[WeightedChoice.Pick(weights, random)]++;
        }

        var expected = (double)first / (first + second) * 100;
        Assert.InRange(counts[0] * 100.0 / Draws, expected - 1.5, expected + 1.5);
    }

    [Fact]
    public void Pick_ZeroAndHundred_AlwaysPicksTheSecond()
    {
        var random = new Random(2);
        int[] weights = [0, 100];

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.Equal(1, WeightedChoice.Pick(weights, random)));
    }

    [Fact]
    public void Pick_ZeroWeightInTheMiddle_IsNeverPicked()
    {
        var random = new Random(3);
        int[] weights = [1, 0, 1];

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.NotEqual(1, WeightedChoice.Pick(weights, random)));
    }

    [Fact]
    public void Pick_AllZero_Throws() =>
        Assert.Throws<ArgumentException>(() => WeightedChoice.Pick([0, 0], new Random(4)));

    [Fact]
    public void Pick_NegativeWeight_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedChoice.Pick([5, -1], new Random(5)));
}
