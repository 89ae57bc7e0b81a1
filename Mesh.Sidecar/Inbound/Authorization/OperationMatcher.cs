namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One compiled <c>to.operation</c>: every field it sets must hold. Hosts compare case-insensitively (the compiled
/// config says so) and methods case-sensitively, as the Envoy matchers Istio generates do. Paths compare so that case
/// cannot open what a policy closes: an ASP.NET app routes <c>/ADMIN</c> to its <c>/admin</c> endpoint, so a DENY
/// policy's <c>paths</c> match either case (and its <c>notPaths</c> exactly), and an ALLOW policy's <c>paths</c> match
/// exactly (and its <c>notPaths</c> either case). Each way a request whose path differs only in case is denied at least
/// as often as Envoy denies it. AUDIT policies, which decide nothing, compare as Envoy does.
/// </summary>
internal sealed class OperationMatcher
{
    private readonly ValueConstraint? _hosts;
    private readonly ValueConstraint? _methods;
    private readonly ValueConstraint? _paths;
    private readonly PortConstraint? _ports;

    public OperationMatcher(OperationConfig config, PolicyAction action)
    {
        ArgumentNullException.ThrowIfNull(config);
        _hosts = ValueConstraint.Create(config.Hosts, config.NotHosts);
        _methods = ValueConstraint.Create(config.Methods, config.NotMethods);
        _paths = ValueConstraint.Create(
            IgnoringCase(config.Paths, action == PolicyAction.Deny),
            IgnoringCase(config.NotPaths, action == PolicyAction.Allow));
        _ports = PortConstraint.Create(config.Ports, config.NotPorts);
    }

    private static IReadOnlyList<StringMatchConfig> IgnoringCase(IReadOnlyList<StringMatchConfig> paths, bool ignoreCase) =>
        ignoreCase ? [.. paths.Select(static p => p with { IgnoreCase = true })] : paths;

    public bool Matches(in RequestAttributes request) =>
        (_ports?.IsSatisfiedBy(request.DestinationPort) ?? true)
        && (_methods?.IsSatisfiedBy(request.Method) ?? true)
        && (_paths?.IsSatisfiedBy(request.Path) ?? true)
        && (_hosts?.IsSatisfiedBy(request.Host) ?? true);
}
