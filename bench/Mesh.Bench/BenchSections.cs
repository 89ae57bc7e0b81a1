namespace Mesh.Bench;

/// <summary>The parts of a benchmark run. With none named on the command line, all run.</summary>
[Flags]
internal enum BenchSections
{
    None = 0,

    /// <summary>The data path: direct, sidecar, mesh, mtls and nginx rows (open and closed loop).</summary>
    DataPath = 1,

    /// <summary>The end-to-end pair: bench/E2E/E2E.AppHost under <c>dotnet run</c>, with and without the mesh.</summary>
    EndToEnd = 2,

    /// <summary>The start-up timeline: MeshHost.AppHost under <c>dotnet run</c>, and the sidecar's own start.</summary>
    Startup = 4,

    All = DataPath | EndToEnd | Startup,
}
