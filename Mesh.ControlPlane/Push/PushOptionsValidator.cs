using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Push;

/// <summary>Rejects push settings the streams cannot run with, at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    // PeriodicTimer, which drives the pings, needs at least a millisecond.
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(1);

    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PingInterval >= MinimumPeriod)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(string.Format(
            CultureInfo.InvariantCulture,
            "{0}:{1} must be positive (at least 1 ms); it is {2}.",
            PushOptions.SectionName,
            nameof(options.PingInterval),
            options.PingInterval));
    }
}
