namespace Mesh.Model.Validation;

/// <summary>
/// The bounds on configuration input: configuration is what users type most, and no text, however built, may
/// take the control plane down, hold its store lock for long or multiply into every sidecar's snapshot. Each
/// figure is far above anything written by hand or exported by <c>kubectl get -o yaml</c>, and low enough that
/// reading, validating and compiling the largest accepted input stays within milliseconds.
/// </summary>
internal static class InputLimits
{
    /// <summary>
    /// Characters in one text (a request body or a config file): 3 MiB, the Kubernetes API server's limit on a
    /// request body. A single Istio object cannot exceed etcd's 1.5 MiB in a cluster either.
    /// </summary>
    public const int MaxTextLength = 3 * 1024 * 1024;

    /// <summary>
    /// Nesting of collections. Istio's resources nest about ten deep and <c>managedFields</c> about twenty; the
    /// YAML library builds its tree recursively, so the depth is checked before it runs (100 KB of <c>[</c>
    /// would otherwise overflow the stack and end the process).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Nodes (scalars, lists, maps) in one text, with every alias counted as the nodes it stands for. A thousand
    /// resources of a hundred nodes each fit twice over; an alias bomb (aliases of aliases, each doubling) does not.
    /// </summary>
    public const int MaxNodes = 200_000;

    /// <summary>
    /// Diagnostics kept from reading one text. A text whose every field is wrong would otherwise answer with a
    /// diagnostic per node; the first ones tell the user what to fix.
    /// </summary>
    public const int MaxReadDiagnostics = 1000;

    /// <summary>
    /// Routes of one resource: a VirtualService's <c>http</c> and an HTTPRoute's <c>rules</c>. A sidecar tries routes
    /// in order for every request, and each route is in every caller's snapshot; Istio's own samples have a handful.
    /// </summary>
    public const int MaxRoutes = 256;

    /// <summary>
    /// Match blocks of one route (a VirtualService route's <c>match</c>, an HTTPRoute rule's <c>matches</c>): the
    /// Gateway API caps an HTTPRoute rule's matches at 64, and each is tried in turn per request.
    /// </summary>
    public const int MaxMatches = 64;

    /// <summary>Rules of one AuthorizationPolicy: evaluated in turn for every inbound request.</summary>
    public const int MaxRules = 256;

    /// <summary>
    /// Characters of one regular expression: Istio refuses longer ones ("regex is too large, max length allowed is
    /// 1024"), as an approximation of Envoy's RE2 program size limit.
    /// </summary>
    public const int MaxRegexLength = 1024;
}
