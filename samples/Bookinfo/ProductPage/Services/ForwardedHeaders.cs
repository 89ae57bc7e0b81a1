namespace Bookinfo.ProductPage.Services;

/// <summary>The headers productpage sends to details, reviews and ratings, as Istio's productpage does.</summary>
internal sealed class ForwardedHeaders
{
    // Istio's list, minus traceparent and tracestate: .NET's HttpClient writes those itself from the
    // current activity, so its own span is the parent of the next hop. Istio forwards the B3 headers
    // through its tracer; copying them is the same thing without one.
    private static readonly string[] Names =
    [
        "x-request-id",
        "user-agent",
        "b3",
        "x-b3-traceid",
        "x-b3-spanid",
        "x-b3-parentspanid",
        "x-b3-sampled",
        "x-b3-flags",
        "x-ot-span-context",
        "x-datadog-trace-id",
        "x-datadog-parent-id",
        "x-datadog-sampling-priority",
        "x-cloud-trace-context",
        "grpc-trace-bin",
        "sw8",
        "cookie",
        "authorization",
        "jwt",
    ];

    private readonly List<KeyValuePair<string, string[]>> headers = [];

    public static ForwardedHeaders From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new ForwardedHeaders();
        foreach (var name in Names)
        {
            if (request.Headers.TryGetValue(name, out var values))
            {
                result.headers.Add(new(name, values.ToArray()!));
            }
        }

        // end-user comes from the session only, never from the caller: it is what routing rules match.
        if (Session.User(request) is { } user)
        {
            result.headers.Add(new("end-user", [user]));
        }

        return result;
    }

    public void CopyTo(HttpRequestMessage request)
    {
        foreach (var (name, values) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }
    }
}
