namespace Mesh.Sidecar.Outbound;

/// <summary>The outbound listeners, in the order of <c>Mesh:Outbound</c> (their dispatch index).</summary>
internal sealed class OutboundProxies(OutboundProxy[] proxies)
{
    public OutboundProxy this[int index] => proxies[index];

    public int Count => proxies.Length;
}
