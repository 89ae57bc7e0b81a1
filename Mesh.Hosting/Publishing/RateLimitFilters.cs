using System.Globalization;
using Mesh.Model.Compilation;
using Mesh.Model.Resources;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// Turns the mesh's <c>LocalRateLimit</c> into the <c>EnvoyFilter</c> Istio documents for local rate limiting (task
/// "Enabling Rate Limits using Envoy", section "Local rate limit"): Envoy's local rate limit filter inserted into the
/// selected workloads' inbound HTTP chain, with the same token bucket. What that form cannot express is reported.
/// </summary>
internal static class RateLimitFilters
{
    internal const string FilterName = "envoy.filters.http.local_ratelimit";
    internal const string TypedStructType = "type.googleapis.com/udpa.type.v1.TypedStruct";
    internal const string LocalRateLimitType = "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

    public static EnvoyFilter Convert(LocalRateLimit limit, ServiceCatalog catalog, ICollection<string> warnings)
    {
        var spec = limit.Spec;
        var @namespace = limit.Metadata.Namespace;
        WorkloadLabels? selector = null;
        if (spec.Selector is { } workloads)
        {
            selector = new WorkloadLabels(workloads.MatchLabels);
        }
        else if (spec.TargetRef is { } target && catalog.ResolveHost(target.Name, target.Namespace ?? @namespace) is { } service)
        {
            // Every workload of a service carries its name as label 'app' (Mesh.Model's Labels.WithIdentity), and an
            // EnvoyFilter selects workloads in its own namespace: the service's.
            selector = new WorkloadLabels(new Dictionary<string, string> { ["app"] = service.Name });
            @namespace = service.Namespace;
        }

        if (spec.PerSource)
        {
            warnings.Add($"{limit.DisplayName}: perSource (a bucket per caller) has no counterpart in Istio's documented local rate limit; its EnvoyFilter keeps one bucket per workload, shared by every caller.");
        }

        if (spec.Paths.Count > 0)
        {
            warnings.Add($"{limit.DisplayName}: match.paths has no counterpart in Istio's documented local rate limit; its EnvoyFilter limits every request to the selected workloads.");
        }

        var bucket = spec.TokenBucket!;
        var fraction = new FractionalPercent(100, "HUNDRED");
        return new EnvoyFilter
        {
            Metadata = new EnvoyFilterMetadata($"{limit.Metadata.Name}-local-ratelimit", @namespace),
            Spec = new EnvoyFilterSpec
            {
                WorkloadSelector = selector,
                ConfigPatches =
                [
                    new EnvoyConfigPatch(
                        "HTTP_FILTER",
                        new EnvoyPatchMatch("SIDECAR_INBOUND", new EnvoyListenerMatch(new EnvoyFilterChainMatch(new EnvoyNamedFilter("envoy.filters.network.http_connection_manager")))),
                        new EnvoyPatch("INSERT_BEFORE", new EnvoyHttpFilter(FilterName, new TypedStruct(
                            TypedStructType,
                            LocalRateLimitType,
                            new LocalRateLimitConfig(
                                "http_local_rate_limiter",
                                new EnvoyTokenBucket(bucket.MaxTokens!.Value, bucket.TokensPerFill ?? 1, ProtobufDuration(bucket.FillInterval!.Value)),
                                new RuntimeFraction("local_rate_limit_enabled", fraction),
                                new RuntimeFraction("local_rate_limit_enforced", fraction),
                                [new HeaderValueOption(false, new EnvoyHeader("x-local-rate-limit", "true"))]))))),
                ],
            },
        };
    }

    /// <summary>
    /// A duration in protobuf's JSON form, which Envoy reads: seconds with 0, 3, 6 or 9 fractional digits and an
    /// <c>s</c> (<c>60s</c>, <c>0.500s</c>); Go's <c>1m</c> is not one.
    /// </summary>
    internal static string ProtobufDuration(TimeSpan duration)
    {
        var seconds = (long)Math.Floor(duration.TotalSeconds);
        var nanos = (duration.Ticks - (seconds * TimeSpan.TicksPerSecond)) * 100;
        var fraction = nanos == 0 ? ""
            : nanos % 1_000_000 == 0 ? "." + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture)
            : nanos % 1_000 == 0 ? "." + (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture)
            : "." + nanos.ToString("D9", CultureInfo.InvariantCulture);
        return seconds.ToString(CultureInfo.InvariantCulture) + fraction + "s";
    }
}
