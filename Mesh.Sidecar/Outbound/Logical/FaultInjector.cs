using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Istio's HTTP fault injection: abort a share of requests with an HTTP or a gRPC status, or delay them. With
/// <c>Mesh:FaultHeaders</c> on, a request may also ask for a fault itself through <see cref="DelayHeader"/>
/// and <see cref="AbortHeader"/> (Envoy's header-controlled faults; off by default, for tests).
/// </summary>
internal static class FaultInjector
{
    /// <summary>Delay this request, e.g. <c>x-mesh-fault-delay: 2s</c> or <c>500ms</c>.</summary>
    public const string DelayHeader = "x-mesh-fault-delay";

    /// <summary>Abort this request with a status, e.g. <c>x-mesh-fault-abort: 503</c>.</summary>
    public const string AbortHeader = "x-mesh-fault-abort";

    private static readonly TimeSpan MaxRequestedDelay = TimeSpan.FromMinutes(5);

    /// <summary>The abort (its HTTP status, and gRPC status if any), if this request is to be aborted.</summary>
    public static AbortFaultConfig? Abort(FaultConfig? fault, HttpRequest request, bool headersAllowed, Random random)
    {
        if (headersAllowed && request.Headers.TryGetValue(AbortHeader, out var header)
            && int.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 200 and < 600)
        {
            return new AbortFaultConfig { HttpStatus = status, Percentage = 100 };
        }

        return fault?.Abort is { } abort && Roll(abort.Percentage, random) ? abort : null;
    }

    /// <summary>The delay to apply to this request, if any.</summary>
    public static TimeSpan? Delay(FaultConfig? fault, HttpRequest request, bool headersAllowed, Random random)
    {
        if (headersAllowed && request.Headers.TryGetValue(DelayHeader, out var header) && TryParseDuration(header.ToString(), out var requested))
        {
            return requested;
        }

        return fault?.Delay is { } delay && Roll(delay.Percentage, random) ? delay.Duration : null;
    }

    /// <summary>Whether a roll falls within <paramref name="percentage"/> (0-100).</summary>
    public static bool Roll(double percentage, Random random) =>
        percentage >= 100 || (percentage > 0 && random.NextDouble() * 100 < percentage);

    // The format a route's fixedDelay is written in (Istio's), up to five minutes.
    private static bool TryParseDuration(string text, out TimeSpan duration) =>
        IstioDuration.TryParse(text, out duration) && duration >= TimeSpan.Zero && duration <= MaxRequestedDelay;
}
