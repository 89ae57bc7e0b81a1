using Mesh.ControlPlane.Push;

namespace Mesh.ControlPlane.Tests.Push;

public class WatchTests
{
    [Fact]
    public async Task WaitForChangeAsync_ValueAlreadyNewer_CompletesAtOnce()
    {
        var watch = new Watch<string>("a");
        watch.Publish("b");

        Assert.Equal("b", await watch.WaitForChangeAsync("a"));
    }

    [Fact]
    public async Task WaitForChangeAsync_SeveralPublishes_SlowReaderGetsNewest()
    {
        var watch = new Watch<string>("a");
        var waiting = watch.WaitForChangeAsync("a");

        watch.Publish("b");
        watch.Publish("c");

        var first = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("b", first);
        Assert.Equal("c", await watch.WaitForChangeAsync(first).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Publish_ManyReaders_AllWake()
    {
        var watch = new Watch<string>("a");
        var readers = Enumerable.Range(0, 20).Select(_ => watch.WaitForChangeAsync("a")).ToArray();

        watch.Publish("b");

        var values = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(values, v => Assert.Equal("b", v));
    }
}
