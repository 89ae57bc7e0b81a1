using System.Globalization;
using Mesh.Model.Conventions;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// Reads what a user typed into a traffic or fault command's inputs. Every refusal names the input and says what
/// was expected, because the dashboard shows the message as it is.
/// </summary>
internal static class RouteInputs
{
    /// <summary>Reads a split such as <c>v1=50,v3=50</c>: versions the AppHost declared, weights summing to 100.</summary>
    public static bool TryParseSplit(string? text, IReadOnlyList<string> versions, out IReadOnlyList<VersionWeight> split, out string error)
    {
        split = [];
        var known = string.Join(", ", versions);
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"Split is empty: give each version's weight, e.g. '{versions[0]}=50,{versions[^1]}=50' (versions: {known}).";
            return false;
        }

        var weights = new List<VersionWeight>();
        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var version = equals < 0 ? part : part[..equals].Trim();
            if (equals < 0 || !int.TryParse(part[(equals + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 100)
            {
                error = $"Split '{text}': '{part}' is not version=weight with a whole weight from 0 to 100.";
                return false;
            }

            var declared = versions.FirstOrDefault(v => string.Equals(v, version, StringComparison.OrdinalIgnoreCase));
            if (declared is null)
            {
                error = $"Split '{text}': version '{version}' is not one the AppHost declared ({known}).";
                return false;
            }

            if (weights.Any(w => w.Version == declared))
            {
                error = $"Split '{text}': version '{declared}' is given twice.";
                return false;
            }

            weights.Add(new VersionWeight(declared, weight));
        }

        var sum = weights.Sum(w => w.Weight);
        if (sum != 100)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Split '{text}': weights add up to {sum}, expected 100.");
            return false;
        }

        split = weights.Where(w => w.Weight > 0).ToList();
        error = "";
        return true;
    }

    /// <summary>Reads a share of requests, 0 (exclusive) to 100, as Istio's <c>percentage.value</c>.</summary>
    public static bool TryParsePercentage(string? text, out double percentage, out string error)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out percentage) || percentage is <= 0 or > 100)
        {
            error = $"Percentage '{text}' is not a number above 0 and at most 100 (the share of requests the fault applies to).";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>Reads a delay as Istio writes durations (<c>2s</c>, <c>500ms</c>, <c>1m</c>), longer than zero.</summary>
    public static bool TryParseDelay(string? text, out TimeSpan delay, out string error)
    {
        if (!IstioDuration.TryParse(text?.Trim(), out delay) || delay <= TimeSpan.Zero || delay > TimeSpan.FromHours(1))
        {
            error = $"Delay '{text}' is not a duration above zero and at most 1h, written as Istio does: e.g. '2s', '500ms', '1m'.";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>Reads the HTTP status an abort answers with, 200 to 599.</summary>
    public static bool TryParseStatus(string? text, out int status, out string error)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 200 or > 599)
        {
            error = $"HTTP status '{text}' is not a whole number from 200 to 599, e.g. 500 or 503.";
            return false;
        }

        error = "";
        return true;
    }
}
