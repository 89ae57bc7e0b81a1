namespace Mesh.Model.Resources;

/// <summary>
/// Istio's <c>StringMatch</c>: at most one of <see cref="Exact"/>, <see cref="Prefix"/> and
/// <see cref="Regex"/>. With none set it matches any value, and for a header, the header's presence.
/// Regular expressions follow Envoy: they must match the whole value.
/// </summary>
public sealed record StringMatch
{
    /// <summary><c>exact</c>.</summary>
    public string? Exact { get; init; }

    /// <summary><c>prefix</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary><c>regex</c> (RE2 syntax in Istio; the mesh compiles it with .NET).</summary>
    public string? Regex { get; init; }
}

/// <summary>Istio's <c>WorkloadSelector</c>: <c>matchLabels</c>; empty selects every workload in scope.</summary>
public sealed record WorkloadSelector
{
    /// <summary><c>matchLabels</c>.</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = Empty.Map;
}

/// <summary>A policy's <c>targetRef</c>: a Kubernetes object reference by group, kind and name.</summary>
public sealed record PolicyTargetReference
{
    /// <summary><c>group</c>; empty for the core group (a Service).</summary>
    public string Group { get; init; } = "";

    /// <summary><c>kind</c>, e.g. <c>Service</c>.</summary>
    public string Kind { get; init; } = "Service";

    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>namespace</c>; the policy's own when absent.</summary>
    public string? Namespace { get; init; }
}

/// <summary>Istio's <c>Headers</c>: operations on request and response headers.</summary>
public sealed record HeaderManipulation
{
    /// <summary><c>request</c>: applied before forwarding.</summary>
    public HeaderOperations? Request { get; init; }

    /// <summary><c>response</c>: applied before answering the caller.</summary>
    public HeaderOperations? Response { get; init; }
}

/// <summary>Istio's <c>HeaderOperations</c>: set (overwrite), add (append) and remove.</summary>
public sealed record HeaderOperations
{
    /// <summary><c>set</c>: overwrite the header with this value.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = Empty.Map;

    /// <summary><c>add</c>: append this value to the header.</summary>
    public IReadOnlyDictionary<string, string> Add { get; init; } = Empty.Map;

    /// <summary><c>remove</c>: header names to remove.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}
