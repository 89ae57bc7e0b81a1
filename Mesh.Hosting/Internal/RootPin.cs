using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// The mesh root's SHA-256 fingerprint, read from the control plane's state folder as a sidecar starts (after the
/// control plane, which loads or makes the root before it listens). The sidecar then takes certificates only from that
/// root, not from whatever first answers on the control plane's port. Resolved when the process starts, not when the
/// environment is described, so describing it needs no running control plane.
/// </summary>
internal sealed class RootPin(MeshResource mesh) : IValueProvider, IManifestExpressionProvider
{
    /// <summary>The file the control plane keeps its root certificate in (Mesh.ControlPlane's RootCertificateStore).</summary>
    internal const string CertificateFileName = "root-cert.pem";

    /// <summary>How long a sidecar's start waits for the control plane to have written its root.</summary>
    internal static readonly TimeSpan WaitForRoot = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    internal string Path => System.IO.Path.Combine(mesh.StateDirectory, CertificateFileName);

    public string ValueExpression => $"{{{mesh.Name}.rootPin}}";

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + WaitForRoot;
        while (true)
        {
            if (File.Exists(Path))
            {
                return Fingerprint(await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false));
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new DistributedApplicationException(
                    $"{Path}: the mesh's root certificate is not there {WaitForRoot.TotalSeconds:0} s after the sidecar was to start; the control plane '{mesh.Name}' makes it at start. See its log.");
            }

            await Task.Delay(s_poll, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<string?> GetValueAsync(ValueProviderContext context, CancellationToken cancellationToken = default) =>
        GetValueAsync(cancellationToken);

    private string Fingerprint(string pem)
    {
        try
        {
            using var root = X509Certificate2.CreateFromPem(pem);
            return root.GetCertHashString(HashAlgorithmName.SHA256);
        }
        catch (CryptographicException ex)
        {
            throw new DistributedApplicationException($"{Path}: the mesh's root certificate does not read: {ex.Message}", ex);
        }
    }
}
