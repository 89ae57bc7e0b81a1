using System.Globalization;

namespace Mesh.Bench.Startup;

/// <summary>
/// The TCP ports something listens on, from <c>/proc/net/tcp</c> and <c>tcp6</c>: passive, so watching a program come up
/// sends it nothing.
/// </summary>
internal static class ListeningPorts
{
    // The kernel's TCP_LISTEN state, as /proc/net/tcp writes it.
    private const string ListenState = "0A";

    public static HashSet<int> Read()
    {
        var ports = new HashSet<int>();
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                ports.UnionWith(Parse(File.ReadLines(file)));
            }
            catch (IOException)
            {
                // No IPv6 (or no /proc): the other file still counts.
            }
        }

        return ports;
    }

    /// <summary>The listening ports in a <c>/proc/net/tcp</c>-format table (a header line, then one socket a line).</summary>
    public static IEnumerable<int> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.Skip(1))
        {
            // "  0: 0100007F:76DE 00000000:0000 0A ...": local address:port (hex), remote, state.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != ListenState)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
            {
                yield return port;
            }
        }
    }
}
