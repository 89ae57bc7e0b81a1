using Mesh.Sidecar.Outbound.Logical;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One host pattern of the ingress gateway with its routes: exact (<c>bookinfo.example.com</c>), wildcard
/// (<c>*.example.com</c>) or any (<c>*</c>), matched against the Host header without its port.
/// </summary>
internal sealed class GatewayHost(string pattern, RouteTable routes)
{
    public string Pattern { get; } = pattern;

    public RouteTable Routes { get; } = routes;

    public bool Matches(string host)
    {
        if (Pattern == "*")
        {
            return true;
        }

        return Pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(Pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, Pattern, StringComparison.OrdinalIgnoreCase);
    }
}
