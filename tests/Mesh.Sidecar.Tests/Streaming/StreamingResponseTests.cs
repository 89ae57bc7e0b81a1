using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Streaming;

/// <summary>
/// Streamed responses (server-sent events, chunked bodies) pass each chunk when the app flushes it, through one sidecar
/// and through two with mutual TLS; and the router's timeouts treat a streamed response as Envoy's router does.
/// </summary>
public sealed class StreamingResponseTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("application/octet-stream")]
    public async Task FlushedChunk_ThroughOneSidecar_ArrivesBeforeTheNextIsWritten(string contentType)
    {
        await using var mesh = await RoutingMesh.StartAsync("", s_reviews);
        var events = new TwoEvents(contentType);
        mesh["reviews-v1"].Handler = events.Handler;

        await events.AssertFirstArrivesAloneAsync(mesh.Sidecar.Client, mesh.Sidecar.Outbound());
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("application/octet-stream")]
    public async Task FlushedChunk_ThroughTwoSidecarsWithMutualTls_ArrivesBeforeTheNextIsWritten(string contentType)
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var (productpage, reviews) = (mesh[SecureMesh.Caller], mesh[SecureMesh.Callee]);
        var events = new TwoEvents(contentType);
        reviews.App.Handler = events.Handler;

        await events.AssertFirstArrivesAloneAsync(productpage.Sidecar.Client, productpage.Sidecar.Outbound());
        Assert.Contains($"URI={productpage.SpiffeUri}", Assert.Single(reviews.App.Received).Headers["x-forwarded-client-cert"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerTryTimeout_OnceTheResponseHasStarted_NoLongerCutsIt()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 2, perTryTimeout: 500ms, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = StreamingUpstreams.Events(6, TimeSpan.FromMilliseconds(200));

        var received = await ReadEventsAsync(mesh.Sidecar.Client, mesh.Sidecar.Outbound());

        Assert.Equal(["1", "2", "3", "4", "5", "6"], received);
        Assert.Single(mesh["reviews-v1"].Received);
    }

    [Fact]
    public async Task RouteTimeout_CutsAStreamStillGoing_AsEnvoysDoes()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 1s"), s_reviews);
        mesh["reviews-v1"].Handler = StreamingUpstreams.Events(30, TimeSpan.FromMilliseconds(200));

        // The answer started in time, so the caller sees its stream end early rather than a 504.
        var read = new List<string>();
        await Assert.ThrowsAnyAsync<IOException>(() => ReadEventsAsync(mesh.Sidecar.Client, mesh.Sidecar.Outbound(), read));

        Assert.InRange(read.Count, 1, 29);
    }

    /// <summary>
    /// GETs a stream of events through <paramref name="listener"/> and reads them all as they come, into
    /// <paramref name="events"/> when given (so a test sees what came before a failure).
    /// </summary>
    internal static async Task<List<string>> ReadEventsAsync(HttpClient client, Uri listener, List<string>? events = null)
    {
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);
        using var response = await client.GetAsync(new Uri(listener, "/events"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        events ??= [];
        while (await StreamingUpstreams.ReadEventAsync(reader, cancel.Token) is { } data)
        {
            events.Add(data);
        }

        return events;
    }

    /// <summary>
    /// An app that writes event one, then holds event two until the test has read event one (or a generous gap has
    /// passed): the test reads event one while event two is not written yet, or never, if anything on the way buffers.
    /// </summary>
    private sealed class TwoEvents(string contentType)
    {
        private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _secondWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<HttpContext, int, Task> Handler => StreamingUpstreams.TwoEvents(_firstRead.Task, _secondWritten, contentType);

        public async Task AssertFirstArrivesAloneAsync(HttpClient client, Uri listener)
        {
            // Shorter than the app's gap: a buffered first event would come only with the second, after the gap.
            using var cancel = new CancellationTokenSource(StreamingUpstreams.GenerousGap / 2);
            using var response = await client.GetAsync(new Uri(listener, "/events"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

            Assert.Equal("one", await StreamingUpstreams.ReadEventAsync(reader, cancel.Token));
            Assert.False(_secondWritten.Task.IsCompleted, "event two was written before event one arrived");
            _firstRead.SetResult();
            Assert.Equal("two", await StreamingUpstreams.ReadEventAsync(reader, cancel.Token));
            Assert.Null(await StreamingUpstreams.ReadEventAsync(reader, cancel.Token));
        }
    }
}
