using Mesh.Sidecar.Outbound.Endpoints;
namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Envoy's <c>RING_HASH</c> (Istio <c>consistentHash</c>, used for session affinity): a Ketama hash ring with
/// <see cref="VirtualNodesPerEndpoint"/> points per endpoint, so the same request hash reaches the same
/// endpoint, and removing an endpoint moves only the keys that were on it.
/// </summary>
/// <remarks>
/// Building a ring sorts a few hundred points per endpoint, too much per request, so the last ring is cached
/// against the list instance it was built from: a snapshot passes the same immutable list for its whole life.
/// A different instance holding the same endpoints in the same order (a caller that filters out ejected
/// endpoints builds a new list per request) reuses the ring after one reference comparison per endpoint;
/// anything else gets a new ring. Two threads that see a new list at once may both build; both rings are
/// identical, so the last write winning is harmless.
/// </remarks>
internal sealed class ConsistentHashBalancer : LoadBalancer
{
    /// <summary>Ketama's 160 points per endpoint: enough that three endpoints split keys within a few percent.</summary>
    public const int VirtualNodesPerEndpoint = 160;

    private volatile Ring? _ring;

    /// <inheritdoc />
    public override T Pick<T>(IReadOnlyList<T> endpoints, ulong hash)
    {
        var ring = _ring;
        if (ring is null || !ring.IsFor(endpoints))
        {
            ring = Ring.Build(endpoints);
            _ring = ring;
        }

        return endpoints[ring.OwnerOf(hash)];
    }

    /// <summary>Sorted ring positions and, beside each, the index of the endpoint that owns it.</summary>
    private sealed class Ring(object source, IBalancedEndpoint[] members, ulong[] points, int[] owners)
    {
        /// <summary>Whether this ring was built from <paramref name="endpoints"/> or an equal list.</summary>
        public bool IsFor<T>(IReadOnlyList<T> endpoints)
            where T : class, IBalancedEndpoint
        {
            // The count check also protects a caller that mutated its list in place from indexing past its end.
            if (endpoints.Count != members.Length)
            {
                return false;
            }

            if (ReferenceEquals(source, endpoints))
            {
                return true;
            }

            for (var i = 0; i < members.Length; i++)
            {
                if (!ReferenceEquals(members[i], endpoints[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static Ring Build<T>(IReadOnlyList<T> endpoints)
            where T : class, IBalancedEndpoint
        {
            var members = new IBalancedEndpoint[endpoints.Count];
            var nodes = new (ulong Point, int Owner)[endpoints.Count * VirtualNodesPerEndpoint];
            var n = 0;
            for (var e = 0; e < endpoints.Count; e++)
            {
                members[e] = endpoints[e];
                var key = members[e].Key;
                for (var v = 0; v < VirtualNodesPerEndpoint; v++)
                {
                    nodes[n++] = (HashKey.OfVirtualNode(key, v), e);
                }
            }

            // Tuples sort by point, then owner, so even a (64-bit, so improbable) collision resolves the same way.
            Array.Sort(nodes);
            var points = new ulong[nodes.Length];
            var owners = new int[nodes.Length];
            for (var i = 0; i < nodes.Length; i++)
            {
                (points[i], owners[i]) = nodes[i];
            }

            return new Ring(endpoints, members, points, owners);
        }

        /// <summary>The first point clockwise from the hash's position, wrapping past the top of the ring.</summary>
        public int OwnerOf(ulong hash)
        {
            // Mixed again so a caller may pass a poorly spread hash (a sequential id) and still use the whole ring.
            var index = Array.BinarySearch(points, HashKey.Mix(hash));
            if (index < 0)
            {
                index = ~index;
            }

            return owners[index == points.Length ? 0 : index];
        }
    }
}
