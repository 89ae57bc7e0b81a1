using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>Readers for the messages several kinds share.</summary>
internal static class CommonReaders
{
    public static StringMatch StringMatch(YamlObject o)
    {
        var match = new StringMatch { Exact = o.String("exact"), Prefix = o.String("prefix"), Regex = o.String("regex") };
        if ((match.Exact is null ? 0 : 1) + (match.Prefix is null ? 0 : 1) + (match.Regex is null ? 0 : 1) > 1)
        {
            o.Context.Error(DiagnosticCodes.InvalidValue, o.Path, o.Start, "set only one of exact, prefix and regex");
        }

        return match;
    }

    public static WorkloadSelector WorkloadSelector(YamlObject o) => new() { MatchLabels = o.StringMap("matchLabels") };

    public static PolicyTargetReference TargetReference(YamlObject o) => new()
    {
        Group = o.String("group") ?? "",
        Kind = o.String("kind") ?? "Service",
        Name = o.String("name") ?? "",
        Namespace = o.String("namespace"),
    };

    public static HeaderManipulation Headers(YamlObject o) => new()
    {
        Request = o.Object("request", HeaderOperations),
        Response = o.Object("response", HeaderOperations),
    };

    public static Destination Destination(YamlObject o) => new()
    {
        Host = o.String("host") ?? "",
        Subset = o.String("subset"),
        Port = o.Object("port", static p => new PortNumber(p.Int("number")))?.Number,
    };

    /// <summary>Istio's <c>Percent</c> message: <c>{value: 12.5}</c>.</summary>
    public static double? Percent(YamlObject o, string key) =>
        o.Object(key, static p => new PercentValue(p.Double("value")))?.Value;

    private static HeaderOperations HeaderOperations(YamlObject o) => new()
    {
        Set = o.StringMap("set"),
        Add = o.StringMap("add"),
        Remove = o.StringList("remove"),
    };

    private sealed record PortNumber(int? Number);

    private sealed record PercentValue(double? Value);
}
