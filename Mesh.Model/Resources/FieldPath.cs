namespace Mesh.Model.Resources;

/// <summary>
/// Builds and splits field paths such as <c>spec.http[0].route[1].weight</c> or
/// <c>metadata.labels["app.kubernetes.io/name"]</c>: the names diagnostics use for fields.
/// </summary>
internal static class FieldPath
{
    /// <summary>The path of field <paramref name="key"/> of the object at <paramref name="path"/>.</summary>
    public static string Field(string path, string key)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        if (IsPlain(key))
        {
            return path.Length == 0 ? key : $"{path}.{key}";
        }

        return $"{path}[\"{key.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
    }

    /// <summary>The path of item <paramref name="index"/> of the list at <paramref name="path"/>.</summary>
    public static string Item(string path, int index)
    {
        ArgumentNullException.ThrowIfNull(path);
        return $"{path}[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
    }

    /// <summary>The path of the object or list that holds <paramref name="path"/>; empty at the root.</summary>
    public static string Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(']'))
        {
            // An index or a quoted key: cut at its opening bracket (quoted keys cannot hold an unescaped '[').
            var open = path.EndsWith("\"]", StringComparison.Ordinal) ? path.LastIndexOf("[\"", StringComparison.Ordinal) : path.LastIndexOf('[');
            return open <= 0 ? "" : path[..open];
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }

    private static bool IsPlain(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
