namespace Mesh.Testing.Architecture;

/// <summary>
/// Folder <paramref name="From"/> uses folder <paramref name="To"/>: <paramref name="References"/> distinct pairs of
/// top-level types, one of which is <paramref name="Example"/> (<c>Inbound.InboundProxy → Routing.RouteTable</c>), so
/// a failure says where to look.
/// </summary>
public sealed record FolderDependency(string From, string To, int References, string Example)
{
    public override string ToString() => $"{From} → {To} ({References} type pair{(References == 1 ? "" : "s")}, e.g. {Example})";
}
