using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.Internal;

/// <summary>Reads an on/off configuration key of the AppHost; a value that is neither fails at start, naming the key.</summary>
internal static class BooleanSetting
{
    internal static bool Read(IConfiguration configuration, string key, bool unset)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return unset;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw new DistributedApplicationException(string.Format(
                CultureInfo.InvariantCulture,
                "Configuration key '{0}' has the value '{1}'; expected 'true' or 'false'.",
                key,
                value));
    }
}
