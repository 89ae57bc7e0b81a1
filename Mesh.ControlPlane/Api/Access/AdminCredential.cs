using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>Checks the admin credential a request presents against the one the AppHost gave this run.</summary>
internal sealed class AdminCredential(IOptions<AdminOptions> options)
{
    // Hashes have one length, so comparing them in constant time says nothing about the credential's length either.
    private readonly byte[]? _hash = options.Value.AdminToken is { Length: > 0 } token ? Hash(token) : null;

    /// <summary>Whether the control plane was given a credential; without one it refuses every change.</summary>
    public bool IsConfigured => _hash is not null;

    /// <summary>Whether <paramref name="presented"/> is this run's credential.</summary>
    public bool Matches(string? presented) =>
        _hash is not null && presented is not null && CryptographicOperations.FixedTimeEquals(_hash, Hash(presented));

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
