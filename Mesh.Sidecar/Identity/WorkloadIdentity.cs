using Mesh.Sidecar.Configuration;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// The sidecar's identity and its current certificate. Readers take <see cref="Current"/> once per handshake; a renewal
/// swaps it atomically, so connections made before keep working and new ones present the new certificate.
/// </summary>
internal sealed class WorkloadIdentity
{
    private readonly TaskCompletionSource<WorkloadCertificate> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WorkloadCertificate? _current;

    public WorkloadIdentity(IOptions<SidecarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Enabled = !string.IsNullOrEmpty(settings.Token);
        Identity = SpiffeIdentity.For(settings.Namespace, settings.EffectiveServiceAccount);
    }

    /// <summary>
    /// Whether the sidecar has a bootstrap token and so gets certificates. Without one (a sidecar started by hand or by
    /// a test harness) it has no identity and speaks plain text only.
    /// </summary>
    public bool Enabled { get; }

    /// <summary>The identity the sidecar's certificates carry.</summary>
    public SpiffeIdentity Identity { get; }

    /// <summary>The certificate in use, or null before the first one arrives.</summary>
    public WorkloadCertificate? Current => Volatile.Read(ref _current);

    /// <summary>Completes with the first certificate.</summary>
    public Task<WorkloadCertificate> First => _first.Task;

    /// <summary>Puts a new certificate in use.</summary>
    public void Install(WorkloadCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Volatile.Write(ref _current, certificate);
        _first.TrySetResult(certificate);
    }
}
