namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One compiled <c>to.operation</c>: every field it sets must hold. Hosts compare case-insensitively (the compiled
/// config says so), methods and paths case-sensitively, as Envoy's matchers that Istio generates do.
/// </summary>
internal sealed class OperationMatcher
{
    private readonly ValueConstraint? _hosts;
    private readonly ValueConstraint? _methods;
    private readonly ValueConstraint? _paths;
    private readonly PortConstraint? _ports;

    public OperationMatcher(OperationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _hosts = ValueConstraint.Create(config.Hosts, config.NotHosts);
        _methods = ValueConstraint.Create(config.Methods, config.NotMethods);
        _paths = ValueConstraint.Create(config.Paths, config.NotPaths);
        _ports = PortConstraint.Create(config.Ports, config.NotPorts);
    }

    public bool Matches(in RequestAttributes request) =>
        (_ports?.IsSatisfiedBy(request.DestinationPort) ?? true)
        && (_methods?.IsSatisfiedBy(request.Method) ?? true)
        && (_paths?.IsSatisfiedBy(request.Path) ?? true)
        && (_hosts?.IsSatisfiedBy(request.Host) ?? true);
}
