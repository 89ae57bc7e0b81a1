using Mesh.ControlPlane.Api.Access;
using Mesh.ControlPlane.Certificates;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Api;

/// <summary>The certificate authority's routes: signing (bootstrap token required) and the public root.</summary>
internal static class CertificateApi
{
    public static IEndpointRouteBuilder MapCertificateApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(ControlPlaneRoutes.Certificates, (HttpContext context, CertificateSigningHandler handler) => handler.SignAsync(context))
            .Accepting(ContentTypes.Json);
        endpoints.MapGet(ControlPlaneRoutes.CertificateRoot, (MeshCertificateAuthority authority) =>
            TypedResults.Text(authority.RootCertificatePem, ControlPlaneRoutes.PemMediaType));
        return endpoints;
    }
}
