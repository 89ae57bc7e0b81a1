using System.Net;
using Bookinfo.ProductPage.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookinfo.Tests.ProductPage;

// Istio's fault injection task expects productpage to try reviews exactly twice (3 s each) and then
// show its fixed message; these pin that and the headers sent with each attempt.
public class ReviewsClientTests
{
    [Fact]
    public async Task GetAsync_FirstAttemptFails_RetriesOnce()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable), ScriptedHandler.Status(HttpStatusCode.OK, """{"version":"v2"}"""));

        var result = await Client(handler).GetAsync("0", Headers(), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal("v2", result.Body.GetProperty("version").GetString());
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_BothAttemptsFail_ReturnsLastStatusAndIstioText()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Throw(), ScriptedHandler.Status(HttpStatusCode.ServiceUnavailable));

        var result = await Client(handler).GetAsync("0", Headers(), CancellationToken.None);

        Assert.Equal(503, result.Status);
        Assert.Equal("Sorry, product reviews are currently unavailable for this book.", result.Body.GetProperty("error").GetString());
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_Timeouts_Return500NotCancellation()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang(), ScriptedHandler.Hang());

        var result = await Client(handler, TimeSpan.FromMilliseconds(50)).GetAsync("0", Headers(), CancellationToken.None);

        Assert.Equal(500, result.Status);
    }

    [Fact]
    public async Task GetAsync_CallerGoesAway_StopsWithoutSecondAttempt()
    {
        using var caller = new CancellationTokenSource();
        var handler = new ScriptedHandler(
            cancellationToken =>
            {
                caller.Cancel();
                return ScriptedHandler.Hang()(cancellationToken);
            },
            ScriptedHandler.Status(HttpStatusCode.OK));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).GetAsync("0", Headers(), caller.Token));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task GetAsync_SignedIn_SendsSessionUserNotCallersEndUser()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(HttpStatusCode.OK));

        await Client(handler).GetAsync("0", Headers(), CancellationToken.None);

        Assert.Equal(("/reviews/0", "jason", "rid-1"), handler.Requests.Single());
    }

    private static ReviewsClient Client(ScriptedHandler handler, TimeSpan? timeout = null) =>
        new(new HttpClient(handler) { BaseAddress = new("http://reviews"), Timeout = timeout ?? TimeSpan.FromSeconds(3) },
            NullLogger<ReviewsClient>.Instance);

    private static ForwardedHeaders Headers()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "session=jason";
        context.Request.Headers["end-user"] = "mallory";
        context.Request.Headers["x-request-id"] = "rid-1";
        return ForwardedHeaders.From(context.Request);
    }
}
