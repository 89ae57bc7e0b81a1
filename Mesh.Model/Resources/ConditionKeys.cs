namespace Mesh.Model.Resources;

/// <summary>What the mesh can evaluate of an AuthorizationPolicy <c>when</c> key.</summary>
internal enum ConditionKeyKind
{
    /// <summary>Not one of Istio's keys: an error.</summary>
    Unknown,

    /// <summary>One of Istio's keys that the mesh cannot evaluate (IPs, request authentication, SNI).</summary>
    Unsupported,

    /// <summary><c>request.headers[name]</c>.</summary>
    RequestHeader,

    /// <summary><c>source.namespace</c>.</summary>
    SourceNamespace,

    /// <summary><c>source.principal</c>.</summary>
    SourcePrincipal,

    /// <summary><c>source.serviceAccount</c> (<c>namespace/name</c> or <c>name</c>).</summary>
    SourceServiceAccount,

    /// <summary><c>destination.port</c>.</summary>
    DestinationPort,
}

/// <summary>Istio's authorization condition keys.</summary>
internal static class ConditionKeys
{
    private static readonly HashSet<string> UnsupportedKeys = new(StringComparer.Ordinal)
    {
        "source.ip", "remote.ip", "source.trustDomain", "request.auth.principal", "request.auth.audiences",
        "request.auth.presenter", "destination.ip", "connection.sni",
    };

    /// <summary>Classifies <paramref name="key"/>; for <c>request.headers[name]</c>, <paramref name="argument"/> is the name.</summary>
    public static ConditionKeyKind Classify(string key, out string? argument)
    {
        ArgumentNullException.ThrowIfNull(key);
        argument = null;
        if (TryIndexed(key, "request.headers", out argument))
        {
            return ConditionKeyKind.RequestHeader;
        }

        if (TryIndexed(key, "request.auth.claims", out _) || TryIndexed(key, "experimental.envoy.filters", out _)
            || key.StartsWith("experimental.", StringComparison.Ordinal) || UnsupportedKeys.Contains(key))
        {
            return ConditionKeyKind.Unsupported;
        }

        return key switch
        {
            "source.namespace" => ConditionKeyKind.SourceNamespace,
            "source.principal" => ConditionKeyKind.SourcePrincipal,
            "source.serviceAccount" => ConditionKeyKind.SourceServiceAccount,
            "destination.port" => ConditionKeyKind.DestinationPort,
            _ => ConditionKeyKind.Unknown,
        };
    }

    private static bool TryIndexed(string key, string name, out string? argument)
    {
        argument = null;
        if (key.Length > name.Length + 2 && key.StartsWith(name + "[", StringComparison.Ordinal) && key.EndsWith(']'))
        {
            argument = key[(name.Length + 1)..^1];
            return true;
        }

        return false;
    }
}
