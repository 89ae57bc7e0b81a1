namespace Mesh.Bench.AppHosts;

/// <summary>Short names for processes in tables and messages: <c>Mesh.Sidecar</c>, <c>dcp run-controllers</c>, <c>dotnet run</c>.</summary>
internal static class ProcessNames
{
    public static string Short(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "(exited)";
        }

        // A native program's name may hold dots (Mesh.Sidecar, MeshHost.AppHost): only an assembly's extension goes.
        var program = Path.GetFileName(words[0]);
        var next = words.Length > 1 && !words[1].StartsWith('-') ? words[1] : null;
        return (program, next) switch
        {
            ("setsid", _) => Short(string.Join(' ', words.Skip(1))),
            ("dotnet", "run") => "dotnet run",
            ("dotnet", { } assembly) when assembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) => Path.GetFileNameWithoutExtension(assembly),
            ("dcp", { } command) => $"dcp {command}",
            _ => program,
        };
    }
}
