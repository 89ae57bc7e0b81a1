using System.Globalization;

namespace Mesh.Bench.Topology;

/// <summary>The kernel's range of local ports for outgoing connections (Linux: <c>net.ipv4.ip_local_port_range</c>).</summary>
internal static class EphemeralPorts
{
    /// <summary>The lowest port the benchmark hands out below the range: above the well-known and common service ports.</summary>
    public const int FirstBelow = 20000;

    // Linux's default, and what other systems' ranges start near enough for this purpose.
    private const int DefaultLow = 32768;

    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>The range's first port, read once.</summary>
    public static int Low { get; } = Parse(File.Exists(RangeFile) ? File.ReadAllText(RangeFile) : null);

    /// <summary>The first number of the range file's "low high" line; the default when there is none.</summary>
    internal static int Parse(string? range)
    {
        var first = range?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var low) && low is > 0 and <= 65535 ? low : DefaultLow;
    }
}
