using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Sidecar.Tests.Streaming;

/// <summary>
/// 100 MB bodies through two sidecars with mutual TLS, made and checked on the fly: they arrive intact (byte count and
/// SHA-256) and the process's managed heap, which holds both sidecars, does not grow by the body's size: no layer
/// buffers them, not even on a route with retries and a mirror. Run alone (<see cref="MemoryMeasurements"/>), so no
/// other test's objects are measured.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class LargeBodyTests(ITestOutputHelper output)
{
    private const long BodySize = 100L * 1024 * 1024;

    /// <summary>What the heap may grow by while half the body has passed: buffers, pools and connections, never the body.</summary>
    private const long MaxGrowth = 16L * 1024 * 1024;

    // Istio's mirroring task (every request copied to v2), with retries on 5xx and resets: neither may buffer the body
    // (Envoy would buffer it for both, up to its buffer limit); a retry or a copy that needed it is given up instead.
    private static readonly string s_retriedAndMirrored = MirrorTests.Config.Replace(
        "    mirror:", "    retries: {attempts: 3, retryOn: \"5xx,reset,connect-failure\"}\n    mirror:", StringComparison.Ordinal);

    [Fact]
    public async Task Upload100MB_ThroughTwoSidecarsWithMutualTls_ArrivesIntact_WithoutBeingBuffered()
    {
        await using var mesh = await StartAsync();
        var reviews = mesh[SecureMesh.Callee];
        reviews.App.Handler = StreamingUpstreams.BodyDigest();
        var productpage = mesh[SecureMesh.Caller].Sidecar;
        var upload = new Uri(productpage.Outbound(), "/upload");
        // Connections and pools exist before the heap is measured (2 MiB: too large to mirror, as the real one).
        using (var warm = await productpage.Client.PostAsync(upload, new GeneratedBody.Content(2 * 1024 * 1024)))
        {
            Assert.True(warm.StatusCode == HttpStatusCode.OK, $"{(int)warm.StatusCode} {MeshWorkload.Flag(warm)}\n{mesh.Logs()}");
        }

        var before = Heap();
        long halfway = 0;
        using var response = await productpage.Client.PostAsync(upload, new GeneratedBody.Content(BodySize, () =>
        {
            halfway = Heap();
            return Task.CompletedTask;
        }));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {MeshWorkload.Flag(response)}\n{mesh.Logs()}");
        Assert.Equal((await GeneratedBody.ExpectedAsync(BodySize)).ToString(), await response.Content.ReadAsStringAsync());
        AssertHeldBack(before, halfway);
        Assert.Equal(2, reviews.App.Received.Count);
        Assert.Empty(mesh["reviews-v2"].App.Received);
    }

    [Fact]
    public async Task Download100MB_ThroughTwoSidecarsWithMutualTls_ArrivesIntact_WithoutBeingBuffered()
    {
        await using var mesh = await StartAsync();
        long halfway = 0;
        var body = StreamingUpstreams.Generated(BodySize, () =>
        {
            halfway = Heap();
            return Task.CompletedTask;
        });
        var warmBody = StreamingUpstreams.Generated(2 * 1024 * 1024);
        mesh[SecureMesh.Callee].App.Handler = (context, number) => context.Request.Path == "/warm" ? warmBody(context, number) : body(context, number);
        var productpage = mesh[SecureMesh.Caller].Sidecar;
        var download = new Uri(productpage.Outbound(), "/download");
        using (var warm = await productpage.Client.GetAsync(new Uri(productpage.Outbound(), "/warm")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var before = Heap();
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout * 2);
        using var response = await productpage.Client.GetAsync(download, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var received = await GeneratedBody.ReadAsync(await response.Content.ReadAsStreamAsync(cancel.Token), cancel.Token);

        Assert.Equal(await GeneratedBody.ExpectedAsync(BodySize), received);
        AssertHeldBack(before, halfway);
    }

    private static async Task<SecureMesh> StartAsync()
    {
        var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        await mesh.AddAsync("reviews-v2");
        await mesh.AddAsync(SecureMesh.Caller, callsReviews: true);
        await mesh.ApplyAsync(s_retriedAndMirrored);
        return mesh;
    }

    private void AssertHeldBack(long before, long halfway)
    {
        var growth = $"the heap grew by {(halfway - before) / 1024} KiB while 50 MB passed";
        output.WriteLine(growth);
        Assert.True(halfway - before < MaxGrowth, growth);
    }

    // The live managed heap (after a full collection): what the process holds, not what it has thrown away.
    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);
}

/// <summary>Tests that measure the process's heap: run after the others, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "memory measurements";
}
