namespace Mesh.Model.Registry;

/// <summary>One workload as the control plane's registry holds it (the body of <c>GET /v1/registry</c>).</summary>
public sealed record RegistryEntry
{
    /// <summary>What the workload's sidecar registered.</summary>
    public required WorkloadRegistration Registration { get; init; }

    /// <summary>
    /// Whether the sidecar last reported its local app as answering. Only serving workloads are pushed to
    /// callers as endpoints, as a Kubernetes readiness probe removes a pod from its Service's endpoints.
    /// </summary>
    public required bool Serving { get; init; }

    /// <summary>When the sidecar's current stream was opened.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>When the control plane last heard from the sidecar.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Snapshot version the sidecar last acknowledged, if any.</summary>
    public string? AppliedVersion { get; init; }

    /// <summary>Snapshot version the sidecar last refused (its NACK), if any.</summary>
    public string? RejectedVersion { get; init; }

    /// <summary>Why <see cref="RejectedVersion"/> was refused.</summary>
    public string? RejectReason { get; init; }
}
