namespace Mesh.Model.Resources;

/// <summary>
/// The mesh's <c>LocalRateLimit</c> (<c>mesh.dev/v1alpha1</c>): a token bucket on a workload's inbound
/// requests, like Envoy's local rate limit filter that Istio users configure through an <c>EnvoyFilter</c>.
/// Schema in Mesh.Model/README.md.
/// </summary>
public sealed record LocalRateLimit() : ConfigResource(ResourceKinds.MeshV1Alpha1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.LocalRateLimit;

    /// <summary><c>spec</c>.</summary>
    public LocalRateLimitSpec Spec { get; init; } = new();
}

/// <summary>A <c>LocalRateLimit</c>'s <c>spec</c>.</summary>
public sealed record LocalRateLimitSpec
{
    /// <summary><c>selector</c>: the workloads limited. With neither this nor <see cref="TargetRef"/>, every workload of the namespace.</summary>
    public WorkloadSelector? Selector { get; init; }

    /// <summary><c>targetRef</c>: a Service (by name or host) whose workloads are limited.</summary>
    public PolicyTargetReference? TargetRef { get; init; }

    /// <summary><c>tokenBucket</c>: required.</summary>
    public TokenBucket? TokenBucket { get; init; }

    /// <summary><c>perSource</c>: one bucket per caller identity instead of one per workload.</summary>
    public bool PerSource { get; init; }

    /// <summary><c>match.paths</c>: the requests limited; empty limits every request.</summary>
    public IReadOnlyList<StringMatch> Paths { get; init; } = [];
}

/// <summary>A token bucket, as Envoy's: starts full, gains <see cref="TokensPerFill"/> every <see cref="FillInterval"/>.</summary>
public sealed record TokenBucket
{
    /// <summary><c>maxTokens</c>: the bucket's size (the burst).</summary>
    public int? MaxTokens { get; init; }

    /// <summary><c>tokensPerFill</c>; 1 when absent, as Envoy.</summary>
    public int? TokensPerFill { get; init; }

    /// <summary><c>fillInterval</c>: at least 50 ms, as Envoy.</summary>
    public TimeSpan? FillInterval { get; init; }
}
