namespace Mesh.Bench.Topology;

/// <summary>A started sidecar pair and where to reach it.</summary>
/// <param name="OneHop">The callee's inbound listener.</param>
/// <param name="Mesh">The caller's outbound listener for the callee's service.</param>
/// <param name="CallerAdmin">The caller's admin listener (<c>/config</c> shows its applied snapshot).</param>
internal sealed record SidecarPair(ChildProcess Caller, ChildProcess Callee, Uri OneHop, Uri Mesh, Uri CallerAdmin);
