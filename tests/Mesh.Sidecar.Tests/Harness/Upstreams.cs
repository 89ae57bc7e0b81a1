namespace Mesh.Sidecar.Tests.Harness;

/// <summary><see cref="Testing.FakeApp.Handler"/>s for upstreams that fail, answer slowly or wait for the test.</summary>
internal static class Upstreams
{
    /// <summary>Answers <paramref name="status"/> to the first <paramref name="failures"/> requests, then its name.</summary>
    public static Func<HttpContext, int, Task> FailFirst(int failures, int status, string name) => (context, number) =>
    {
        if (number <= failures)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        return context.Response.WriteAsync(name);
    };

    /// <summary>Always answers <paramref name="status"/>.</summary>
    public static Func<HttpContext, int, Task> Always(int status) => (context, _) =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    /// <summary>Answers after <paramref name="delay"/> (or gives up when the caller goes away).</summary>
    public static Func<HttpContext, int, Task> Slow(TimeSpan delay, string name) => (context, _) => AnswerAfterAsync(context, delay, name);

    /// <summary>Answers the first <paramref name="slow"/> requests after <paramref name="delay"/>, the rest at once.</summary>
    public static Func<HttpContext, int, Task> SlowFirst(int slow, TimeSpan delay, string name) => (context, number) =>
        number <= slow ? AnswerAfterAsync(context, delay, name) : context.Response.WriteAsync(name);

    /// <summary>Holds every request until <paramref name="release"/> completes, then answers its name.</summary>
    public static Func<HttpContext, int, Task> Held(Task release, string name) => async (context, _) =>
    {
        await release.WaitAsync(TimeSpan.FromSeconds(60), context.RequestAborted);
        await context.Response.WriteAsync(name);
    };

    private static async Task AnswerAfterAsync(HttpContext context, TimeSpan delay, string name)
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The sidecar gave up on this try and closed the connection.
            return;
        }

        await context.Response.WriteAsync(name);
    }
}
