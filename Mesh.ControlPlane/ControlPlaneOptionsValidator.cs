using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane;

/// <summary>Rejects settings the control plane cannot run with, at startup (<c>ValidateOnStart</c>).</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    // PeriodicTimer, which drives pings and sweeps, needs at least a millisecond.
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(1);

    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        CheckPositive(failures, nameof(options.PingInterval), options.PingInterval);
        CheckPositive(failures, nameof(options.LeaseTimeout), options.LeaseTimeout);
        CheckPositive(failures, nameof(options.SweepInterval), options.SweepInterval);

        if (options.LeaseTimeout <= ControlPlaneOptions.SidecarReportInterval)
        {
            failures.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0}:{1} must be longer than the sidecars' report interval ({2}), or every lease would expire between reports; it is {3}.",
                ControlPlaneOptions.SectionName,
                nameof(options.LeaseTimeout),
                ControlPlaneOptions.SidecarReportInterval,
                options.LeaseTimeout));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPositive(List<string> failures, string name, TimeSpan value)
    {
        if (value < MinimumPeriod)
        {
            failures.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0}:{1} must be positive (at least 1 ms); it is {2}.",
                ControlPlaneOptions.SectionName,
                name,
                value));
        }
    }
}
