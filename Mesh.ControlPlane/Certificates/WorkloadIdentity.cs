using Mesh.ControlPlane.Registry;
using Mesh.Model.Conventions;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// A declared workload and the identity its certificates carry, <see cref="Spiffe"/> (Istio's SPIFFE form, in
/// Istio's trust domain). The workload name only becomes the certificate's common name, for people reading it.
/// </summary>
internal sealed record WorkloadIdentity(string Workload, string Namespace, string ServiceAccount)
{
    /// <summary>The workload's SPIFFE identity.</summary>
    public SpiffeIdentity Spiffe => SpiffeIdentity.For(Namespace, ServiceAccount);

    /// <summary>The SPIFFE ID, the certificate's only URI SAN.</summary>
    public string SpiffeId => Spiffe.Uri;

    /// <summary>The identity the AppHost declared for a workload (service account defaults to the service, as for registrations).</summary>
    public static WorkloadIdentity FromDeclared(DeclaredWorkloadOptions workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new(workload.Name, workload.Namespace, workload.ServiceAccount ?? workload.Service);
    }
}
