using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Content equality of snapshots. The contracts are records over lists and dictionaries, whose generated
/// equality compares references; pushing only real changes needs a deep comparison.
/// </summary>
internal static class SnapshotEquality
{
    /// <summary>Whether two snapshots carry the same content; their versions are ignored.</summary>
    public static bool ContentEquals(SidecarSnapshot a, SidecarSnapshot b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.ConfigVersion == b.ConfigVersion && ServicesEqual(a.Services, b.Services);
    }

    /// <summary>Whether two ordered service lists are equal, endpoint by endpoint.</summary>
    public static bool ServicesEqual(IReadOnlyList<ServiceSnapshot> a, IReadOnlyList<ServiceSnapshot> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ServiceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ServiceEquals(ServiceSnapshot a, ServiceSnapshot b)
    {
        if (a.Name != b.Name || a.Namespace != b.Namespace || a.Endpoints.Count != b.Endpoints.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Endpoints.Count; i++)
        {
            if (!EndpointEquals(a.Endpoints[i], b.Endpoints[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndpointEquals(EndpointSnapshot a, EndpointSnapshot b) =>
        a.Workload == b.Workload
        && a.Version == b.Version
        && a.ServiceAccount == b.ServiceAccount
        && a.Address == b.Address
        && a.MutualTls == b.MutualTls
        && a.CleartextHttp2 == b.CleartextHttp2
        && LabelsEqual(a.Labels, b.Labels);

    private static bool LabelsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || value != other)
            {
                return false;
            }
        }

        return true;
    }
}
