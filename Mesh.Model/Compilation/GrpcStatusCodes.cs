using System.Collections.Frozen;

namespace Mesh.Model.Compilation;

/// <summary>
/// The gRPC status names Istio accepts in a fault's <c>grpcStatus</c> (its <c>SupportedGRPCStatus</c>: the names of
/// gRPC's status codes in capitals, <c>CANCELLED</c> spelled as gRPC spells it) and their numbers.
/// </summary>
internal static class GrpcStatusCodes
{
    private static readonly FrozenDictionary<string, int> s_codes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["OK"] = 0,
        ["CANCELLED"] = 1,
        ["UNKNOWN"] = 2,
        ["INVALID_ARGUMENT"] = 3,
        ["DEADLINE_EXCEEDED"] = 4,
        ["NOT_FOUND"] = 5,
        ["ALREADY_EXISTS"] = 6,
        ["PERMISSION_DENIED"] = 7,
        ["RESOURCE_EXHAUSTED"] = 8,
        ["FAILED_PRECONDITION"] = 9,
        ["ABORTED"] = 10,
        ["OUT_OF_RANGE"] = 11,
        ["UNIMPLEMENTED"] = 12,
        ["INTERNAL"] = 13,
        ["UNAVAILABLE"] = 14,
        ["DATA_LOSS"] = 15,
        ["UNAUTHENTICATED"] = 16,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The names in the order of their numbers, for messages.</summary>
    public static IEnumerable<string> Names => s_codes.OrderBy(c => c.Value).Select(c => c.Key);

    /// <summary>The number of status <paramref name="name"/>; names are matched exactly, as Istio matches them.</summary>
    public static bool TryGet(string name, out int code) => s_codes.TryGetValue(name, out code);
}
