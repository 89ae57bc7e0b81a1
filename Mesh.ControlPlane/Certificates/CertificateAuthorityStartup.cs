namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// Makes the host construct the authority, which loads or makes the root, as it starts: a missing or corrupt
/// root then fails start-up (naming the file), before any port listens, instead of the first sidecar's request.
/// </summary>
internal sealed class CertificateAuthorityStartup : IHostedService
{
    // Taking the authority is this class's whole work: the host resolves its hosted services, and so their
    // dependencies, before it starts any of them.
    public CertificateAuthorityStartup(MeshCertificateAuthority authority) => ArgumentNullException.ThrowIfNull(authority);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
