namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// The request hash for consistent hashing, as Envoy's <c>hash_policy</c> hashes a header, cookie or source IP
/// (Istio <c>consistentHash.httpHeaderName</c> etc.): FNV-1a 64 over the value's UTF-16 code units, which needs
/// no package and no allocation, followed by MurmurHash3's 64-bit finalizer.
/// </summary>
/// <remarks>
/// FNV-1a alone spreads similar inputs badly in its high bits ("user1", "user2" land next to each other on the
/// ring, and so on the same endpoint); the finalizer makes every input bit affect every output bit.
/// </remarks>
internal static class HashKey
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The hash of <paramref name="value"/>; <see langword="null"/> or empty (no header) hash to 0.</summary>
    public static ulong Of(string? value) =>
        string.IsNullOrEmpty(value) ? 0 : Mix(Append(OffsetBasis, value));

    /// <summary>
    /// The ring position of an endpoint's virtual node: the hash of <c>key#index</c>, Ketama's naming, computed
    /// without building the string.
    /// </summary>
    internal static ulong OfVirtualNode(string key, int index)
    {
        Span<char> digits = stackalloc char[11];
        index.TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        var state = Append(OffsetBasis, key);
        state = Append(state, "#");
        return Mix(Append(state, digits[..written]));
    }

    /// <summary>
    /// MurmurHash3's fmix64: a bijection, so it never merges two hashes, that spreads any 64-bit value evenly.
    /// </summary>
    internal static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }

    private static ulong Append(ulong state, ReadOnlySpan<char> chars)
    {
        // Both bytes of each UTF-16 code unit, low first: FNV-1a over the string's UTF-16LE bytes.
        foreach (var c in chars)
        {
            state = (state ^ (byte)c) * Prime;
            state = (state ^ (byte)(c >> 8)) * Prime;
        }

        return state;
    }
}
