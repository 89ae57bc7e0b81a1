using System.Globalization;
using Mesh.Model.Compilation;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Inbound.RateLimiting;

/// <summary>
/// The workload's local rate limits (the mesh's LocalRateLimit kind, Envoy's local rate limit filter): one
/// token bucket per limit, or per limit and caller when the limit is per source. Buckets outlive snapshots
/// while their limit is unchanged, so a config push does not refill them.
/// </summary>
internal sealed class InboundRateLimiter(TimeProvider time)
{
    /// <summary>Callers with no verified identity (plain text) share this bucket key.</summary>
    public const string AnonymousSource = "";

    private readonly Lock _lock = new();
    private Dictionary<(string Limit, string Source), (RateLimitConfig Config, TokenBucket Bucket)> _buckets = [];
    private IReadOnlyList<RateLimitConfig>? _configs;
    private (RateLimitConfig Config, StringMatcher[] Paths)[] _limits = [];

    /// <summary>
    /// Takes a token from every limit that applies to the request; the first that has none refuses it. Returns the
    /// refusing bucket, or null when the request may pass.
    /// </summary>
    public TokenBucket? TryAcquire(IReadOnlyList<RateLimitConfig> configs, HttpRequest request, string source, out TimeSpan retryAfter)
    {
        retryAfter = default;
        foreach (var (config, paths) in Limits(configs))
        {
            if (paths.Length > 0 && !paths.Any(p => p.Matches(request.Path.Value ?? "/")))
            {
                continue;
            }

            var bucket = Bucket(config, config.PerSource ? source : AnonymousSource);
            if (!bucket.TryTake(out retryAfter))
            {
                return bucket;
            }
        }

        return null;
    }

    /// <summary>Writes the 429 Envoy's local rate limit answers, with Retry-After and the IETF RateLimit headers.</summary>
    public static Task WriteRejectionAsync(HttpContext context, TokenBucket bucket, TimeSpan retryAfter)
    {
        var headers = context.Response.Headers;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers.RetryAfter = seconds;
        headers["RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = seconds;
        return LocalReply.WriteAsync(context, StatusCodes.Status429TooManyRequests, ResponseFlag.RateLimited, "local_rate_limited");
    }

    private (RateLimitConfig Config, StringMatcher[] Paths)[] Limits(IReadOnlyList<RateLimitConfig> configs)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(configs, _configs))
            {
                _configs = configs;
                _limits = [.. configs.Select(c => (c, c.Paths.Select(p => new StringMatcher(p)).ToArray()))];
                // Keep the buckets of limits that did not change; drop the others.
                _buckets = _buckets.Where(b => configs.Any(c => SameLimit(c, b.Value.Config))).ToDictionary(b => b.Key, b => b.Value);
            }

            return _limits;
        }
    }

    private TokenBucket Bucket(RateLimitConfig config, string source)
    {
        var key = ($"{config.Namespace}/{config.Name}", source);
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var entry) || !SameLimit(entry.Config, config))
            {
                entry = (config, new TokenBucket(config.MaxTokens, config.TokensPerFill, config.FillInterval, time));
                _buckets[key] = entry;
            }

            return entry.Bucket;
        }
    }

    // Records compare lists by reference, and every snapshot brings new lists: compare what the bucket depends on.
    private static bool SameLimit(RateLimitConfig a, RateLimitConfig b) =>
        a.Name == b.Name && a.Namespace == b.Namespace && a.MaxTokens == b.MaxTokens && a.TokensPerFill == b.TokensPerFill
        && a.FillInterval == b.FillInterval && a.PerSource == b.PerSource && a.Paths.SequenceEqual(b.Paths);
}
