namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// Loads or makes the root when the control plane starts, so a missing or corrupt root fails start-up (naming the
/// file) instead of the first sidecar's request.
/// </summary>
internal sealed class CertificateAuthorityStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<MeshCertificateAuthority>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
