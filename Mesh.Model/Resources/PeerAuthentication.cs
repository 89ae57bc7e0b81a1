using System.Collections.ObjectModel;

namespace Mesh.Model.Resources;

/// <summary>Istio <c>PeerAuthentication</c>: which inbound connections must use mutual TLS.</summary>
public sealed record PeerAuthentication() : ConfigResource(ResourceKinds.SecurityV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.PeerAuthentication;

    /// <summary><c>spec</c>.</summary>
    public PeerAuthenticationSpec Spec { get; init; } = new();
}

/// <summary>A <c>PeerAuthentication</c>'s <c>spec</c>.</summary>
public sealed record PeerAuthenticationSpec
{
    /// <summary><c>selector</c>; absent applies to the namespace (or the mesh, in the root namespace).</summary>
    public WorkloadSelector? Selector { get; init; }

    /// <summary><c>mtls.mode</c>; <see cref="MutualTlsMode.Unset"/> inherits from the namespace, then the mesh.</summary>
    public MutualTlsMode Mtls { get; init; }

    /// <summary><c>portLevelMtls</c>: per workload port; needs a selector.</summary>
    public IReadOnlyDictionary<int, MutualTlsMode> PortLevelMtls { get; init; } = ReadOnlyDictionary<int, MutualTlsMode>.Empty;
}

/// <summary>Values of <c>mtls.mode</c>.</summary>
public enum MutualTlsMode
{
    /// <summary><c>UNSET</c>: inherit.</summary>
    Unset,

    /// <summary><c>DISABLE</c>: plain text only.</summary>
    Disable,

    /// <summary><c>PERMISSIVE</c>: mutual TLS and plain text (Istio's default).</summary>
    Permissive,

    /// <summary><c>STRICT</c>: mutual TLS only.</summary>
    Strict,
}
