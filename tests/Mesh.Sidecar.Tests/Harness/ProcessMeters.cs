namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Tests whose measurements other tests would disturb: a meter listener (a test's, or a sidecar's Prometheus provider)
/// takes every meter named <c>Mesh.Sidecar</c> in the process, so sidecars of tests running beside them would add
/// measurements and allocations. They run after the others, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMeters
{
    public const string Name = "process-wide meters";
}
