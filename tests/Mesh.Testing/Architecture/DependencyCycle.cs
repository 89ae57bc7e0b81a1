using System.Text;

namespace Mesh.Testing.Architecture;

/// <summary>
/// Folders that all reach one another (a strongly connected set), with the shortest cycle through each of them (each
/// cycle once) and every dependency among them: breaking the set means removing enough of <see cref="Dependencies"/>.
/// </summary>
public sealed record DependencyCycle(
    IReadOnlyList<string> Folders,
    IReadOnlyList<IReadOnlyList<FolderDependency>> Paths,
    IReadOnlyList<FolderDependency> Dependencies)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(string.Join(", ", Folders)).AppendLine(" reach one another.");
        text.AppendLine("  shortest cycles:");
        foreach (var path in Paths)
        {
            text.Append("    ").Append(path[0].From);
            foreach (var step in path)
            {
                text.Append(" → ").Append(step.To);
            }

            text.AppendLine();
        }

        text.AppendLine("  dependencies among them:");
        foreach (var dependency in Dependencies)
        {
            text.Append("    ").AppendLine(dependency.ToString());
        }

        return text.ToString();
    }
}
