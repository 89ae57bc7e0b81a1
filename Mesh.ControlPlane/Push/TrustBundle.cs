namespace Mesh.ControlPlane.Push;

/// <summary>
/// The mesh roots every snapshot carries (PEM, the signing root first), so a sidecar trusts a new root from its next
/// snapshot on rather than from its next certificate renewal. Made by the composition root from the certificate
/// authority: the push layer does not know the authority.
/// </summary>
internal sealed record TrustBundle(IReadOnlyList<string> Roots)
{
    /// <summary>No roots: snapshots then carry none.</summary>
    public static TrustBundle None { get; } = new([]);
}
