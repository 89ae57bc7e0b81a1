using System.Globalization;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>Reads the recorded calls against a killed process (or none): which failed that must not have.</summary>
internal sealed class TrafficReport(IReadOnlyList<CallOutcome> calls, string? killed)
{
    public IReadOnlyList<CallOutcome> Calls => calls;

    /// <summary>Failed calls that did not need the killed process: each one is a defect.</summary>
    public IReadOnlyList<CallOutcome> Failures => [.. calls.Where(c => !c.Succeeded && !NeedsKilled(c))];

    /// <summary>Failed calls that needed the killed process: expected while it was down.</summary>
    public IReadOnlyList<CallOutcome> Outage => [.. calls.Where(c => !c.Succeeded && NeedsKilled(c))];

    /// <summary>The calls that needed the killed process, sent at or after <paramref name="from"/>.</summary>
    public IEnumerable<CallOutcome> NeedingKilledFrom(DateTime from) => calls.Where(c => NeedsKilled(c) && c.At >= from);

    /// <summary>Prints per path how many calls went out and how many failed, then the first failures.</summary>
    public void WriteTo(ITestOutputHelper output)
    {
        foreach (var path in calls.GroupBy(c => c.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var failed = path.Count(c => !c.Succeeded);
            var kind = killed is not null && path.Any(NeedsKilled) ? $" (needs {killed})" : "";
            output.WriteLine(Format($"  {path.Key}{kind}: {path.Count()} calls, {failed} failed"));
        }

        foreach (var failure in Failures.Take(10))
        {
            output.WriteLine(Format($"  FAILED {failure.At:HH:mm:ss.fff} {failure.Path}: {failure.Failure}"));
        }

        var outage = Outage;
        if (outage.Count > 0)
        {
            // What the callers saw while the killed process was down: the first and the last of it.
            foreach (var call in outage.Take(3).Concat(outage.TakeLast(3)).Distinct())
            {
                output.WriteLine(Format($"  outage {call.At:HH:mm:ss.fff} {call.Path}: {call.Failure}"));
            }
        }
    }

    private bool NeedsKilled(CallOutcome call) => killed is not null && call.Needs.Contains(killed);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
