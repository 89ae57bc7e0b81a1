using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.Tests.Outbound;

public sealed class RoundRobinPickerTests
{
    [Fact]
    public void Pick_TwoItems_Alternates()
    {
        var picker = new RoundRobinPicker();
        string[] items = ["a", "b"];

        var picks = Enumerable.Range(0, 6).Select(_ => picker.Pick(items)).ToArray();

        Assert.Equal(["a", "b", "a", "b", "a", "b"], picks);
    }

    [Fact]
    public void Pick_ThreeItems_CyclesInOrder()
    {
        var picker = new RoundRobinPicker();
        int[] items = [1, 2, 3];

        var picks = Enumerable.Range(0, 7).Select(_ => picker.Pick(items)).ToArray();

        Assert.Equal([1, 2, 3, 1, 2, 3, 1], picks);
    }

    [Fact]
    public void Pick_OneItem_AlwaysReturnsIt()
    {
        var picker = new RoundRobinPicker();
        string[] items = ["only"];

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal("only", picker.Pick(items)));
    }

    [Fact]
    public void Pick_CounterWrapsAround_StaysInRangeAndKeepsRotating()
    {
        var picker = new RoundRobinPicker(start: int.MaxValue - 2);
        string[] items = ["a", "b"];

        var picks = Enumerable.Range(0, 6).Select(_ => picker.Pick(items)).ToArray();

        // Past int.MaxValue the counter reads as a uint, so the rotation continues without a negative index.
        Assert.All(picks, p => Assert.Contains(p, items));
        for (var i = 1; i < picks.Length; i++)
        {
            Assert.NotEqual(picks[i - 1], picks[i]);
        }
    }

    [Fact]
    public void Pick_ItemsChangeBetweenCalls_UsesTheCurrentArray()
    {
        var picker = new RoundRobinPicker();
        string[] before = ["a", "b"];
        string[] after = ["c"];

        picker.Pick(before);

        Assert.Equal("c", picker.Pick(after));
    }

    [Fact]
    public async Task Pick_ConcurrentCallers_SpreadsEvenly()
    {
        var picker = new RoundRobinPicker();
        int[] items = [0, 1, 2, 3];
        var counts = new int[items.Length];
        const int PerThread = 10_000;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                Interlocked.Increment(ref counts[picker.Pick(items)]);
            }
        })));

        // Every increment hands out a distinct counter value, so the split is exact, not approximate.
        Assert.All(counts, c => Assert.Equal(PerThread, c));
    }
}
