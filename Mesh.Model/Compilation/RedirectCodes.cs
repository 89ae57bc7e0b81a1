namespace Mesh.Model.Compilation;

/// <summary>The redirect statuses Envoy's <c>RedirectAction</c> can answer with.</summary>
internal static class RedirectCodes
{
    /// <summary>301, 302, 303, 307 and 308: Istio maps any other <c>redirectCode</c> to 301, and the Gateway API allows only these.</summary>
    public static readonly IReadOnlySet<int> Envoy = new HashSet<int> { 301, 302, 303, 307, 308 };
}
