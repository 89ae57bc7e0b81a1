using System.Collections.Concurrent;
using System.Globalization;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Inbound.RateLimiting;

/// <summary>
/// The workload's local rate limits (the mesh's LocalRateLimit kind, Envoy's local rate limit filter), compiled once per
/// snapshot: each limit's path matchers and its token bucket, or one bucket per caller when the limit is per source. A
/// request takes no lock but its buckets' own.
/// </summary>
internal sealed class LocalRateLimits
{
    /// <summary>Callers with no verified identity (plain text) share this bucket key.</summary>
    public const string AnonymousSource = "";

    private readonly Limit[] _limits;

    private LocalRateLimits(Limit[] limits) => _limits = limits;

    /// <summary>No limit.</summary>
    public static LocalRateLimits None { get; } = new([]);

    /// <summary>Whether any limit is set.</summary>
    public bool IsEmpty => _limits.Length == 0;

    /// <summary>
    /// Compiles <paramref name="configs"/>; a limit that <paramref name="previous"/> has unchanged keeps its buckets
    /// (a config push does not refill them), the others start full.
    /// </summary>
    public static LocalRateLimits Compile(IReadOnlyList<RateLimitConfig> configs, LocalRateLimits previous, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(previous);
        if (configs.Count == 0)
        {
            return None;
        }

        var limits = new Limit[configs.Count];
        for (var i = 0; i < limits.Length; i++)
        {
            var config = configs[i];
            limits[i] = previous._limits.FirstOrDefault(p => SameLimit(p.Config, config)) ?? new Limit(config, time);
        }

        return new LocalRateLimits(limits);
    }

    /// <summary>
    /// Takes a token from every limit that applies to the request; the first that has none refuses it. Returns the
    /// refusing bucket, or null when the request may pass.
    /// </summary>
    public TokenBucket? TryAcquire(string path, string source, out TimeSpan retryAfter)
    {
        retryAfter = default;
        foreach (var limit in _limits)
        {
            if (!limit.Applies(path))
            {
                continue;
            }

            var bucket = limit.Bucket(source);
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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(bucket);
        var headers = context.Response.Headers;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers.RetryAfter = seconds;
        headers["RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = seconds;
        return LocalReply.WriteAsync(context, StatusCodes.Status429TooManyRequests, ResponseFlag.RateLimited, "local_rate_limited");
    }

    // Records compare lists by reference, and every snapshot brings new lists: compare what the bucket depends on.
    private static bool SameLimit(RateLimitConfig a, RateLimitConfig b) =>
        a.Name == b.Name && a.Namespace == b.Namespace && a.MaxTokens == b.MaxTokens && a.TokensPerFill == b.TokensPerFill
        && a.FillInterval == b.FillInterval && a.PerSource == b.PerSource && a.Paths.SequenceEqual(b.Paths);

    /// <summary>One limit: its paths (none: every path) and its bucket, or its buckets by caller.</summary>
    private sealed class Limit
    {
        private readonly StringMatcher[] _paths;
        private readonly TokenBucket? _shared;
        private readonly ConcurrentDictionary<string, TokenBucket>? _bySource;
        private readonly Func<string, TokenBucket> _create;

        public Limit(RateLimitConfig config, TimeProvider time)
        {
            Config = config;
            _paths = [.. config.Paths.Select(p => new StringMatcher(p))];
            _create = _ => new TokenBucket(config.MaxTokens, config.TokensPerFill, config.FillInterval, time);
            if (config.PerSource)
            {
                _bySource = new ConcurrentDictionary<string, TokenBucket>(StringComparer.Ordinal);
            }
            else
            {
                _shared = _create(AnonymousSource);
            }
        }

        public RateLimitConfig Config { get; }

        public bool Applies(string path)
        {
            if (_paths.Length == 0)
            {
                return true;
            }

            foreach (var matcher in _paths)
            {
                if (matcher.Matches(path))
                {
                    return true;
                }
            }

            return false;
        }

        public TokenBucket Bucket(string source) => _shared ?? _bySource!.GetOrAdd(source, _create);
    }
}
