using System.Globalization;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Value checks several analyzers share: regexes, durations, percentages, status codes, ports.</summary>
internal static class Checks
{
    /// <summary>Istio's floor for durations: "MUST be >=1ms".</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(1);

    private static readonly HashSet<string> HttpMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };

    public static bool IsHttpMethod(string method) => HttpMethods.Contains(method);

    /// <summary>
    /// A regex accepted exactly when a sidecar can run it: both go through <see cref="MatchRegex.TryCreate"/>, with the
    /// same <paramref name="ignoreCase"/> the compiled match carries.
    /// </summary>
    public static void Regex(ValidationContext context, ConfigResource resource, string path, string? pattern, bool ignoreCase = false)
    {
        if (pattern is not null && !MatchRegex.TryCreate(pattern, ignoreCase, out _, out var error))
        {
            context.Error(resource, path, DiagnosticCodes.InvalidRegex, $"invalid regular expression \"{pattern}\": {error}");
        }
    }

    public static void StringMatch(ValidationContext context, ConfigResource resource, string path, StringMatch? match, bool ignoreCase = false)
    {
        if (match is not null)
        {
            Regex(context, resource, FieldPath.Field(path, "regex"), match.Regex, ignoreCase);
        }
    }

    public static void StringMatches(ValidationContext context, ConfigResource resource, string path, IReadOnlyDictionary<string, StringMatch> matches)
    {
        foreach (var (name, match) in matches)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                context.Error(resource, path, DiagnosticCodes.InvalidValue, "names must not be empty");
            }

            StringMatch(context, resource, FieldPath.Field(path, name), match);
        }
    }

    /// <summary>
    /// A duration that, when set, is at least <paramref name="minimum"/> (zero allowed when <paramref name="allowZero"/>)
    /// and, unless <paramref name="anyPrecision"/>, a whole number of milliseconds, as Istio's <c>ValidateDuration</c>
    /// requires of routes' timeouts and delays and of DestinationRules' intervals and timeouts.
    /// </summary>
    public static void Duration(ValidationContext context, ConfigResource resource, string path, TimeSpan? value, bool allowZero = false,
        TimeSpan? minimum = null, bool anyPrecision = false)
    {
        if (value is not { } duration)
        {
            return;
        }

        var floor = minimum ?? MinimumDuration;
        if (duration < TimeSpan.Zero)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidDuration, $"{IstioDuration.Format(duration)} is negative");
        }
        else if (duration < floor && !(allowZero && duration == TimeSpan.Zero))
        {
            context.Error(resource, path, DiagnosticCodes.InvalidDuration, $"{IstioDuration.Format(duration)} is less than {IstioDuration.Format(floor)}");
        }
        else if (!anyPrecision && duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidDuration, $"{IstioDuration.Format(duration)} is not a whole number of milliseconds; Istio takes durations to ms precision only");
        }
    }

    public static void Percentage(ValidationContext context, ConfigResource resource, string path, double? value)
    {
        if (value is < 0 or > 100)
        {
            context.Error(resource, path, DiagnosticCodes.OutOfRange, $"percentage {value.Value.ToString(CultureInfo.InvariantCulture)} is outside 0-100");
        }
    }

    public static void HttpStatus(ValidationContext context, ConfigResource resource, string path, int? value)
    {
        if (value is < 200 or > 599)
        {
            context.Error(resource, path, DiagnosticCodes.OutOfRange, $"HTTP status {value} is outside 200-599");
        }
    }

    public static void Port(ValidationContext context, ConfigResource resource, string path, int? value)
    {
        if (value is < 1 or > 65535)
        {
            context.Error(resource, path, DiagnosticCodes.OutOfRange, $"port {value} is outside 1-65535");
        }
    }

    public static void Range(ValidationContext context, ConfigResource resource, string path, int? value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            var range = maximum == int.MaxValue ? $"at least {minimum}" : $"within {minimum}-{maximum}";
            context.Error(resource, path, DiagnosticCodes.OutOfRange, $"{value} is not {range}");
        }
    }

    public static bool Required(ValidationContext context, ConfigResource resource, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "required");
            return false;
        }

        return true;
    }

    /// <summary>Warns when a workload selector selects no known workload in <paramref name="namespace"/> (any namespace when null).</summary>
    public static void SelectsWorkloads(ValidationContext context, ConfigResource resource, string path, IReadOnlyDictionary<string, string>? selector, string? @namespace)
    {
        if (selector is null || selector.Count == 0)
        {
            return;
        }

        var matches = context.Catalog.Workloads.Any(w =>
            (@namespace is null || string.Equals(w.Namespace, @namespace, StringComparison.Ordinal))
            && Conventions.Labels.Contain(w.Labels, selector));
        if (!matches)
        {
            context.Warning(resource, path, DiagnosticCodes.NoMatchingWorkloads,
                $"selector {Describe(selector)} selects no workload{(@namespace is null ? "" : $" in namespace {@namespace}")} today");
        }
    }

    public static string Describe(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(static l => l.Key, StringComparer.Ordinal).Select(static l => $"{l.Key}={l.Value}"));

    /// <summary>Kubernetes' DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsDnsLabel(string value) =>
        value.Length is > 0 and <= 63
        && IsLowerAlphanumeric(value[0])
        && IsLowerAlphanumeric(value[^1])
        && value.All(static c => IsLowerAlphanumeric(c) || c == '-');

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    /// <summary>Kubernetes' DNS-1123 subdomain: DNS labels joined by '.', at most 253.</summary>
    public static bool IsDnsSubdomain(string value) =>
        value.Length is > 0 and <= 253 && value.Split('.').All(IsDnsLabel);
}
