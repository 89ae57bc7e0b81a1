using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// The identity a workload certificate carries, SPIFFE-shaped as Istio's:
/// <c>spiffe://cluster.local/ns/&lt;namespace&gt;/sa/&lt;serviceAccount&gt;</c>. The workload name only becomes the
/// certificate's common name, for people reading it.
/// </summary>
internal sealed record WorkloadIdentity(string Workload, string Namespace, string ServiceAccount)
{
    /// <summary>Istio's default trust domain, so principals in Istio's policy files match unchanged.</summary>
    public const string TrustDomain = "cluster.local";

    /// <summary>The SPIFFE ID, the certificate's only URI SAN.</summary>
    public string SpiffeId => $"spiffe://{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>The identity the AppHost declared for a workload (service account defaults to the service, as for registrations).</summary>
    public static WorkloadIdentity FromDeclared(DeclaredWorkloadOptions workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new(workload.Name, workload.Namespace, workload.ServiceAccount ?? workload.Service);
    }

    /// <summary>
    /// Whether a namespace or service account can be a SPIFFE path segment: the SPIFFE ID standard allows only
    /// letters, digits, '.', '-' and '_', and not '.' or '..' alone.
    /// </summary>
    public static bool IsValidSegment(string? segment) =>
        !string.IsNullOrEmpty(segment)
        && segment is not "." and not ".."
        && segment.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
