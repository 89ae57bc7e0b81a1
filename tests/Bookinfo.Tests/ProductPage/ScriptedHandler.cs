using System.Net;

namespace Bookinfo.Tests.ProductPage;

/// <summary>Answers each request with the next scripted step and remembers what was sent.</summary>
internal sealed class ScriptedHandler(params Func<CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private int next;

    public List<(string Path, string? EndUser, string? RequestId)> Requests { get; } = [];

    public static Func<CancellationToken, Task<HttpResponseMessage>> Status(HttpStatusCode status, string body = "{}") =>
        _ => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });

    public static Func<CancellationToken, Task<HttpResponseMessage>> Throw() =>
        _ => throw new HttpRequestException("connection refused");

    // Never answers; only HttpClient.Timeout ends it.
    public static Func<CancellationToken, Task<HttpResponseMessage>> Hang() =>
        async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.RequestUri!.AbsolutePath, Header(request, "end-user"), Header(request, "x-request-id")));
        return steps[next++](cancellationToken);
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
