using System.Text;
using Mesh.Model.Parsing;
using Mesh.Model.Validation;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// The YAML a user points a command at: one file, or every <c>.yaml</c>/<c>.yml</c> file of a folder (not its
/// subfolders, as <c>kubectl apply -f folder</c>), read and checked here so errors name the file and line, then sent
/// to the control plane as one body. Diagnostics about that body are mapped back to the file and line they came from.
/// </summary>
internal sealed class YamlInput
{
    private readonly List<(string File, int FirstLine, int LineCount)> _files = [];

    private YamlInput(string text) => Text = text;

    /// <summary>Every file's text, separated by <c>---</c>, as one request body.</summary>
    public string Text { get; }

    /// <summary>The files read, in the order sent.</summary>
    public IEnumerable<string> Files => _files.Select(f => f.File);

    /// <summary>
    /// Reads <paramref name="path"/> (relative to <paramref name="baseDirectory"/>, the AppHost's folder). Null with
    /// <paramref name="errors"/> when the path is missing, not YAML, or a file does not read as mesh resources.
    /// </summary>
    public static YamlInput? TryRead(string? path, string baseDirectory, out IReadOnlyList<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors = ["Path is empty: give a YAML file or a folder of them, relative to the AppHost's folder."];
            return null;
        }

        var full = Path.GetFullPath(path, baseDirectory);
        string[] files;
        if (Directory.Exists(full))
        {
            files = [.. Directory.EnumerateFiles(full).Where(IsYaml).Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                errors = [$"Path '{path}' ({full}) is a folder with no .yaml or .yml file."];
                return null;
            }
        }
        else if (File.Exists(full))
        {
            if (!IsYaml(full))
            {
                errors = [$"Path '{path}' ({full}) is not a YAML file: expected a .yaml or .yml file, or a folder of them."];
                return null;
            }

            files = [full];
        }
        else
        {
            errors = [$"Path '{path}' does not exist (looked for {full}; relative paths start at the AppHost's folder, {baseDirectory})."];
            return null;
        }

        var problems = new List<string>();
        var text = new StringBuilder();
        var input = new List<(string, int, int)>();
        var line = 1;
        foreach (var file in files)
        {
            var read = ResourceReader.ReadFile(file);
            problems.AddRange(read.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
            var content = File.ReadAllText(file).TrimEnd('\r', '\n');
            var lines = content.Split('\n').Length;
            input.Add((file, line, lines));
            text.Append(content).Append("\n---\n");
            line += lines + 1;
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return null;
        }

        var result = new YamlInput(text.ToString());
        result._files.AddRange(input);
        return result;
    }

    /// <summary>
    /// One line for people per diagnostic, naming the file and line a diagnostic about the request body came from.
    /// Diagnostics about other sources (the AppHost's own files) are kept as they are.
    /// </summary>
    public string Describe(ConfigDiagnostic diagnostic)
    {
        if (diagnostic.Source != ResourceReader.RequestSource || diagnostic.Line is not { } line)
        {
            return diagnostic.ToString();
        }

        foreach (var (file, first, count) in _files)
        {
            if (line >= first && line < first + count)
            {
                return (diagnostic with { Source = file, Line = line - first + 1, DocumentIndex = null }).ToString();
            }
        }

        return diagnostic.ToString();
    }

    private static bool IsYaml(string file) =>
        file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
