using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;

namespace Aspire.Hosting.Internal;

/// <summary>The mesh program a resource runs; its build is shown on the resource in the dashboard.</summary>
internal sealed class MeshProgramAnnotation(MeshProgram program) : IResourceAnnotation
{
    public MeshProgram Program { get; } = program;
}

internal static class MeshProgramResourceExtensions
{
    /// <summary>Runs <paramref name="program"/> (its arguments) and remembers it for the dashboard.</summary>
    internal static IResourceBuilder<T> WithMeshProgram<T>(this IResourceBuilder<T> builder, MeshProgram program)
        where T : ExecutableResource =>
        builder.WithArgs([.. program.Arguments]).WithAnnotation(new MeshProgramAnnotation(program));
}
