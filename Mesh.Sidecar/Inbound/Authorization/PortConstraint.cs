using System.Globalization;

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// <c>ports</c> and <c>notPorts</c> of an operation, or the values of a <c>destination.port</c> condition: the
/// destination port must be one of the ports, when there are any, and none of the not-ports.
/// </summary>
internal sealed class PortConstraint
{
    private readonly int[] _ports;
    private readonly int[] _notPorts;

    private PortConstraint(int[] ports, int[] notPorts)
    {
        _ports = ports;
        _notPorts = notPorts;
    }

    /// <summary>The constraint of the two lists; null when both are empty.</summary>
    public static PortConstraint? Create(IReadOnlyList<int> ports, IReadOnlyList<int> notPorts) =>
        ports.Count + notPorts.Count == 0 ? null : new PortConstraint([.. ports], [.. notPorts]);

    /// <summary>
    /// The constraint of a <c>destination.port</c> condition, whose values arrive as exact-match strings. Parsing them
    /// here keeps the hot path free of formatting the port. The validator refuses values that are not port numbers, as
    /// Istio does; any that got through become -1, which no port equals (dropping them would turn a positive list of
    /// only such values into "any port").
    /// </summary>
    public static PortConstraint? Create(IReadOnlyList<StringMatchConfig> values, IReadOnlyList<StringMatchConfig> notValues) =>
        Create(Parse(values), Parse(notValues));

    /// <summary>Whether <paramref name="port"/> satisfies both lists.</summary>
    public bool IsSatisfiedBy(int port) =>
        (_ports.Length == 0 || Array.IndexOf(_ports, port) >= 0) && Array.IndexOf(_notPorts, port) < 0;

    private static int[] Parse(IReadOnlyList<StringMatchConfig> values) =>
    [
        .. values.Select(static v =>
            v.Kind == MatchKind.Exact && int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1),
    ];
}
