using System.Collections.Concurrent;

namespace Protocols.Greeter.Services;

/// <summary>Calls of <c>Fail</c> per key, so a caller can ask for "fail twice, then answer" and see retries succeed.</summary>
internal sealed class FailureCounts
{
    // Keys come from callers; a bound keeps a careless loop of new keys from growing the process without end.
    private const int MaxKeys = 10_000;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>The 1-based number of this call among the calls with <paramref name="key"/>.</summary>
    public int Next(string key)
    {
        if (_attempts.Count >= MaxKeys && !_attempts.ContainsKey(key))
        {
            _attempts.Clear();
        }

        return _attempts.AddOrUpdate(key, 1, static (_, count) => count + 1);
    }
}
