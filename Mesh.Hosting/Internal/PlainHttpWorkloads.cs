using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// A meshed project with no <c>https</c> endpoint speaks plain HTTP to its sidecar, and TLS between workloads is the
/// sidecars' (with the mesh's own CA): it needs no ASP.NET development certificate. Aspire configures one for every project
/// unless told otherwise, and with none trusted greets every run with a "No trusted development certificate" error in the
/// dashboard, for something the mesh does not use. So such a project is told it needs none, as
/// <c>WithoutHttpsCertificate()</c> says; a project with an <c>https</c> endpoint keeps Aspire's certificate.
/// </summary>
internal static class PlainHttpWorkloads
{
    internal static void DeclareNoCertificateNeeded(IResource workload)
    {
        if (workload is not ProjectResource
            || workload.Annotations.OfType<EndpointAnnotation>().Any(e => string.Equals(e.UriScheme, "https", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

#pragma warning disable ASPIRECERTIFICATES001 // Aspire's only way to say a resource needs no server certificate (WithoutHttpsCertificate's annotation).
        foreach (var existing in workload.Annotations.OfType<HttpsCertificateAnnotation>().ToList())
        {
            workload.Annotations.Remove(existing);
        }

        workload.Annotations.Add(new HttpsCertificateAnnotation { Certificate = null, UseDeveloperCertificate = false });
#pragma warning restore ASPIRECERTIFICATES001
    }
}
