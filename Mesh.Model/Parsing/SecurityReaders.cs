using System.Globalization;
using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>Reads the <c>spec</c> of <c>AuthorizationPolicy</c> and <c>PeerAuthentication</c>.</summary>
internal static class SecurityReaders
{
    private const string FailClosed = "; an ALLOW or AUDIT rule that uses it never matches, a DENY rule ignores it";

    private static readonly Dictionary<string, AuthorizationAction> Actions = new(StringComparer.Ordinal)
    {
        ["ALLOW"] = AuthorizationAction.Allow,
        ["DENY"] = AuthorizationAction.Deny,
        ["AUDIT"] = AuthorizationAction.Audit,
        ["CUSTOM"] = AuthorizationAction.Custom,
    };

    private static readonly Dictionary<string, MutualTlsMode> Modes = new(StringComparer.Ordinal)
    {
        ["UNSET"] = MutualTlsMode.Unset,
        ["DISABLE"] = MutualTlsMode.Disable,
        ["PERMISSIVE"] = MutualTlsMode.Permissive,
        ["STRICT"] = MutualTlsMode.Strict,
    };

    public static AuthorizationPolicySpec ReadAuthorization(YamlObject o)
    {
        var targetRefs = new List<PolicyTargetReference>();
        if (o.Object("targetRef", CommonReaders.TargetReference) is { } targetRef)
        {
            targetRefs.Add(targetRef);
        }

        targetRefs.AddRange(o.ObjectList("targetRefs", CommonReaders.TargetReference));
        if (targetRefs.Count > 0)
        {
            var key = o.Has("targetRef") ? "targetRef" : "targetRefs";
            o.Context.Warning(DiagnosticCodes.UnsupportedField, o.Child(key), o.MarkOf(key),
                "not supported by the mesh (no waypoints; Istio applies such a policy to no sidecar); the policy applies to no workload");
        }

        o.Unsupported("provider", "not supported by the mesh (no external authorizers); ignored");
        return new AuthorizationPolicySpec
        {
            Selector = o.Object("selector", CommonReaders.WorkloadSelector),
            TargetRefs = targetRefs,
            Action = o.Enum("action", Actions) ?? AuthorizationAction.Allow,
            Rules = o.ObjectList("rules", Rule),
        };
    }

    public static PeerAuthenticationSpec ReadPeerAuthentication(YamlObject o) => new()
    {
        Selector = o.Object("selector", CommonReaders.WorkloadSelector),
        Mtls = o.Object("mtls", Mtls)?.Mode ?? MutualTlsMode.Unset,
        PortLevelMtls = PortLevel(o),
    };

    private static AuthorizationRule Rule(YamlObject o) => new()
    {
        From = o.ObjectList("from", static f => f.Object("source", Source) ?? new RuleSource()),
        To = o.ObjectList("to", static t => t.Object("operation", Operation) ?? new RuleOperation()),
        When = o.ObjectList("when", static w => new RuleCondition
        {
            Key = w.String("key") ?? "",
            Values = w.StringList("values"),
            NotValues = w.StringList("notValues"),
        }),
    };

    private static RuleSource Source(YamlObject o) => new()
    {
        Principals = o.StringList("principals"),
        NotPrincipals = o.StringList("notPrincipals"),
        Namespaces = o.StringList("namespaces"),
        NotNamespaces = o.StringList("notNamespaces"),
        ServiceAccounts = o.StringList("serviceAccounts"),
        NotServiceAccounts = o.StringList("notServiceAccounts"),
        RequestPrincipals = o.UnsupportedStringList("requestPrincipals", "not supported by the mesh (no request authentication)" + FailClosed),
        NotRequestPrincipals = o.UnsupportedStringList("notRequestPrincipals", "not supported by the mesh (no request authentication)" + FailClosed),
        IpBlocks = o.UnsupportedStringList("ipBlocks", "not supported by the mesh (every caller is on loopback)" + FailClosed),
        NotIpBlocks = o.UnsupportedStringList("notIpBlocks", "not supported by the mesh (every caller is on loopback)" + FailClosed),
        RemoteIpBlocks = o.UnsupportedStringList("remoteIpBlocks", "not supported by the mesh (every caller is on loopback)" + FailClosed),
        NotRemoteIpBlocks = o.UnsupportedStringList("notRemoteIpBlocks", "not supported by the mesh (every caller is on loopback)" + FailClosed),
        TrustDomains = o.UnsupportedStringList("trustDomains", "not supported by the mesh (one trust domain)" + FailClosed),
        NotTrustDomains = o.UnsupportedStringList("notTrustDomains", "not supported by the mesh (one trust domain)" + FailClosed),
    };

    private static RuleOperation Operation(YamlObject o) => new()
    {
        Hosts = o.StringList("hosts"),
        NotHosts = o.StringList("notHosts"),
        Ports = o.StringList("ports"),
        NotPorts = o.StringList("notPorts"),
        Methods = o.StringList("methods"),
        NotMethods = o.StringList("notMethods"),
        Paths = o.StringList("paths"),
        NotPaths = o.StringList("notPaths"),
    };

    private static ModeValue Mtls(YamlObject o) => new(o.Enum("mode", Modes) ?? MutualTlsMode.Unset);

    private static Dictionary<int, MutualTlsMode> PortLevel(YamlObject o)
    {
        var result = new Dictionary<int, MutualTlsMode>();
        foreach (var (port, mode) in o.ObjectMap("portLevelMtls", Mtls))
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                result[number] = mode.Mode;
            }
            else
            {
                var path = o.Child("portLevelMtls");
                o.Context.Error(DiagnosticCodes.InvalidValue, FieldPath.Field(path, port), o.MarkOf("portLevelMtls"), $"\"{port}\" is not a port number");
            }
        }

        return result;
    }

    private sealed record ModeValue(MutualTlsMode Mode);
}
