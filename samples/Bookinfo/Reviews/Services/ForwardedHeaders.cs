namespace Bookinfo.Reviews.Services;

/// <summary>The incoming headers reviews passes on to ratings, as Istio's reviews does.</summary>
internal static class ForwardedHeaders
{
    // Istio's list, minus traceparent and tracestate: .NET's HttpClient writes those itself from the
    // current activity, so its own span is the parent of the next hop. Istio's "cookie", "authorization"
    // and "jwt" stay: policies downstream may match on them.
    private static readonly string[] Names =
    [
        "x-request-id",
        "end-user",
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

    public static void Copy(IHeaderDictionary from, HttpRequestMessage to)
    {
        foreach (var name in Names)
        {
            if (from.TryGetValue(name, out var values))
            {
                to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }
}
