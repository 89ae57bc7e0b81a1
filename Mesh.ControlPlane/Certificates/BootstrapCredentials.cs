using System.Security.Cryptography;
using System.Text;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Conventions;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// The per-run tokens the AppHost gave each workload's sidecar (<c>Mesh:ControlPlane:Workloads:{i}:Token</c>),
/// playing the part of Kubernetes' service-account tokens in Istio: a token proves which workload is asking,
/// and so which one identity it may get a certificate for, and which declaration it joins the registry under.
/// </summary>
internal sealed class BootstrapCredentials
{
    private readonly Entry[] _entries;
    private readonly Dictionary<string, WorkloadIdentity> _declared = new(StringComparer.Ordinal);

    public BootstrapCredentials(IOptions<CertificateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<Entry> entries = [];
        foreach (var workload in options.Value.Workloads)
        {
            var identity = WorkloadIdentity.FromDeclared(workload);
            _declared.TryAdd(workload.Name, identity);
            if (!string.IsNullOrEmpty(workload.Token))
            {
                // Sidecars present the credential derived from their token, never the token itself.
                entries.Add(new Entry(Hash(WorkloadToken.Credential(workload.Token)), workload));
            }
        }

        _entries = [.. entries];
    }

    /// <summary>
    /// The identity whose credential (<see cref="WorkloadToken.Credential"/> of its token) this is, or <see langword="null"/>
    /// for none or an unknown one.
    /// </summary>
    public WorkloadIdentity? Authenticate(string? token) =>
        AuthenticateWorkload(token) is { } declared ? WorkloadIdentity.FromDeclared(declared) : null;

    /// <summary>The AppHost's declaration of the workload whose credential this is, or <see langword="null"/> for none or an unknown one.</summary>
    public DeclaredWorkloadOptions? AuthenticateWorkload(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        // Hashes have one length, so the comparison time says nothing about the token's length; every entry is
        // compared, so it says nothing about which workload's token was close.
        var presented = Hash(token);
        DeclaredWorkloadOptions? match = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.TokenHash))
            {
                match = entry.Workload;
            }
        }

        return match;
    }

    /// <summary>The identity the AppHost declared for a workload, if it declared it (for logs).</summary>
    public WorkloadIdentity? Declared(string workload) => _declared.GetValueOrDefault(workload);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private sealed record Entry(byte[] TokenHash, DeclaredWorkloadOptions Workload);
}
