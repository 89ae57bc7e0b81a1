namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One compiled <c>from.source</c>: every field it sets must hold. Principals and namespaces come from the caller's
/// certificate, so a plain-text caller fails <c>principals</c> and <c>namespaces</c> and passes their negations
/// (see <see cref="ValueConstraint"/>).
/// </summary>
internal sealed class SourceMatcher
{
    private readonly ValueConstraint? _principals;
    private readonly ValueConstraint? _namespaces;

    public SourceMatcher(SourceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _principals = ValueConstraint.Create(config.Principals, config.NotPrincipals);
        _namespaces = ValueConstraint.Create(config.Namespaces, config.NotNamespaces);
    }

    public bool Matches(in RequestAttributes request) =>
        (_principals?.IsSatisfiedBy(request.Principal) ?? true)
        && (_namespaces?.IsSatisfiedBy(request.SourceNamespace) ?? true);
}
