using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Registry;

/// <summary>Rejects lease settings the registry cannot run with, at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    // PeriodicTimer, which drives the sweeps, needs at least a millisecond.
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(1);

    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        CheckPositive(failures, nameof(options.LeaseTimeout), options.LeaseTimeout);
        CheckPositive(failures, nameof(options.SweepInterval), options.SweepInterval);

        if (options.LeaseTimeout <= RegistryOptions.SidecarReportInterval)
        {
            failures.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0}:{1} must be longer than the sidecars' report interval ({2}), or every lease would expire between reports; it is {3}.",
                RegistryOptions.SectionName,
                nameof(options.LeaseTimeout),
                RegistryOptions.SidecarReportInterval,
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
                RegistryOptions.SectionName,
                name,
                value));
        }
    }
}
