namespace Mesh.Model.Conventions;

/// <summary>Host names of services, as Istio resolves them (Mesh.Model/README.md, "Hosts").</summary>
public static class ServiceHosts
{
    /// <summary>The cluster domain of fully qualified service hosts.</summary>
    public const string ClusterDomain = "svc.cluster.local";

    /// <summary>The fully qualified host of a service, e.g. <c>reviews.default.svc.cluster.local</c>.</summary>
    public static string Fqdn(string name, string @namespace) => $"{name}.{@namespace}.{ClusterDomain}".ToLowerInvariant();

    /// <summary>Whether <paramref name="host"/> is a wildcard (<c>*</c> or <c>*.suffix</c>).</summary>
    public static bool IsWildcard(string host) => host.Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// Splits a service host into name and namespace: <c>reviews</c> (in <paramref name="contextNamespace"/>,
    /// the namespace of the resource or proxy that names it, as Istio does), <c>reviews.default</c>,
    /// <c>reviews.default.svc</c> and <c>reviews.default.svc.cluster.local</c>. Case is kept, so a caller compares
    /// as its names require (the catalog ignores case; a sidecar's listener matches the snapshot's names exactly).
    /// </summary>
    public static bool TryParse(string host, string contextNamespace, out string name, out string @namespace)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(contextNamespace);
        name = @namespace = "";
        var text = host.Trim().TrimEnd('.');
        if (text.Length == 0 || IsWildcard(text))
        {
            return false;
        }

        foreach (var suffix in (string[])["." + ClusterDomain, ".svc"])
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^suffix.Length];
                break;
            }
        }

        var parts = text.Split('.');
        switch (parts.Length)
        {
            case 1:
                (name, @namespace) = (parts[0], contextNamespace);
                return true;
            case 2 when parts[0].Length > 0 && parts[1].Length > 0:
                (name, @namespace) = (parts[0], parts[1]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether a host pattern (<c>*</c>, <c>*.example.com</c> or an exact name) covers <paramref name="host"/>.</summary>
    public static bool WildcardMatches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        if (pattern == "*")
        {
            return true;
        }

        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }
}
