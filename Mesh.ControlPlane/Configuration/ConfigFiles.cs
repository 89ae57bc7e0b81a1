using Mesh.Model.Parsing;

namespace Mesh.ControlPlane.Configuration;

/// <summary>Finds and reads the config folder's files.</summary>
internal static class ConfigFiles
{
    /// <summary>Whether a file name is mesh configuration (YAML or JSON); editors' temporary files are not.</summary>
    public static bool IsConfigFile(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The folder's config files, in the order they are layered (ordinal by path).</summary>
    public static IEnumerable<string> In(string directory) =>
        Directory.EnumerateFiles(directory).Where(IsConfigFile).Order(StringComparer.Ordinal);

    /// <summary>
    /// Reads one file; a file that cannot be read (gone, locked, not permitted, a directory by the name) is one error
    /// diagnostic, as a syntax error is.
    /// </summary>
    public static ReadResult Read(string path)
    {
        try
        {
            return ResourceReader.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ReadResult([], [SourceError.Of(path, $"cannot read the file: {e.Message}")]);
        }
    }
}
