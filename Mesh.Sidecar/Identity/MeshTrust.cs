using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// The mesh roots the sidecar trusts: the root the AppHost pinned at start (its SHA-256, <c>Mesh:RootPin</c>) once a
/// certificate answer brings it, and the roots of the newest snapshot's trust bundle. During a root change the bundle
/// brings the new root while the pinned one stays trusted, so peers holding old and new certificates keep talking.
/// Without a pin the first certificate answer's root is trusted, as before pins existed. A bundle is taken only with the
/// control plane's signature for this workload's token (Mesh.Model's <c>WorkloadToken</c>): whatever else answers on the
/// control plane's port cannot make the sidecar trust a root of its own.
/// </summary>
internal sealed class MeshTrust(string? pin, string? token = null)
{
    private readonly string? _pin = string.IsNullOrEmpty(pin) ? null : pin.ToUpperInvariant();
    private readonly Lock _lock = new();
    private X509Certificate2? _anchor;
    private X509Certificate2[] _bundle = [];
    private X509Certificate2Collection _trusted = [];
    private TaskCompletionSource _bundleChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every root a peer's certificate may chain to now. Replaced whole, never changed in place.</summary>
    public X509Certificate2Collection Roots => Volatile.Read(ref _trusted);

    /// <summary>The roots of the newest trust bundle, newest first; empty before the first snapshot.</summary>
    public IReadOnlyList<X509Certificate2> Bundle => Volatile.Read(ref _bundle);

    /// <summary>Completes when a snapshot brings a trust bundle with other roots.</summary>
    public Task BundleChanged => Volatile.Read(ref _bundleChanged).Task;

    /// <summary>Why a certificate answer's root must not be trusted, or <see langword="null"/> when it may.</summary>
    public string? Refuses(X509Certificate2 root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (_pin is null || Fingerprint(root) == _pin || Bundle.Any(b => b.RawData.AsSpan().SequenceEqual(root.RawData)))
        {
            return null;
        }

        return $"the control plane answered with root {Fingerprint(root)}, which is neither the root the AppHost pinned ({_pin}) nor one of the trust bundle's";
    }

    /// <summary>Trusts the root of a certificate that was installed (it passed <see cref="Refuses"/>).</summary>
    public void Anchor(X509Certificate2 root)
    {
        ArgumentNullException.ThrowIfNull(root);
        lock (_lock)
        {
            if (_pin is null || Fingerprint(root) == _pin)
            {
                _anchor = root;
                Rebuild();
            }
        }
    }

    /// <summary>
    /// Takes a snapshot's trust bundle (PEM roots, newest first) and its signature; an empty one changes nothing, and a
    /// sidecar without a token (no identity, plain text only) has no use for one.
    /// </summary>
    /// <exception cref="InvalidDataException">The signature does not verify, or a root is not a PEM certificate.</exception>
    public void Accept(IReadOnlyList<string> bundle, string? signature)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Count == 0 || string.IsNullOrEmpty(token))
        {
            return;
        }

        if (!WorkloadToken.Verify(token, bundle, signature))
        {
            throw new InvalidDataException(signature is null
                ? "the trust bundle is not signed; the control plane the AppHost started signs it for this workload's token"
                : "the trust bundle's signature does not verify for this workload's token: it does not come from the control plane the AppHost started");
        }

        var roots = bundle.Select(Parse).ToArray();
        lock (_lock)
        {
            if (roots.Length == _bundle.Length && roots.Zip(_bundle).All(p => p.First.RawData.AsSpan().SequenceEqual(p.Second.RawData)))
            {
                return;
            }

            Volatile.Write(ref _bundle, roots);
            Rebuild();
            var changed = _bundleChanged;
            Volatile.Write(ref _bundleChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            changed.TrySetResult();
        }
    }

    /// <summary>SHA-256 of a certificate, upper-case hexadecimal, as the pin is written.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    // Caller holds _lock.
    private void Rebuild()
    {
        var trusted = new X509Certificate2Collection();
        if (_anchor is not null)
        {
            trusted.Add(_anchor);
        }

        foreach (var root in _bundle)
        {
            if (!trusted.Cast<X509Certificate2>().Any(t => t.RawData.AsSpan().SequenceEqual(root.RawData)))
            {
                trusted.Add(root);
            }
        }

        Volatile.Write(ref _trusted, trusted);
    }

    private static X509Certificate2 Parse(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"the trust bundle holds a root that is not a PEM certificate: {ex.Message}", ex);
        }
    }
}
