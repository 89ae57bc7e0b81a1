using Mesh.Model.Snapshots;

namespace Mesh.Testing;

/// <summary>Builds snapshots for tests in one line.</summary>
public static class Snapshots
{
    /// <summary>A snapshot of one or more services.</summary>
    public static SidecarSnapshot Create(string version, params ServiceSnapshot[] services) =>
        new() { Version = version, Services = services };

    /// <summary>A service and its endpoints.</summary>
    public static ServiceSnapshot Service(string name, params EndpointSnapshot[] endpoints) =>
        new() { Name = name, Endpoints = endpoints };

    /// <summary>An endpoint of workload <paramref name="workload"/> at <paramref name="address"/>.</summary>
    public static EndpointSnapshot Endpoint(string workload, Uri address, string version = "v1", string? serviceAccount = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new()
        {
            Workload = workload,
            Version = version,
            ServiceAccount = serviceAccount ?? workload,
            Address = address.GetLeftPart(UriPartial.Authority),
        };
    }
}
