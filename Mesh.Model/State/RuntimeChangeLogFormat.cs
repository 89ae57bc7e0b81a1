using System.Text.Json;

namespace Mesh.Model.State;

/// <summary>
/// The run-time change log in the control plane's state folder: one JSON record per line, each ending with a newline,
/// appended as changes are made. The control plane writes and replays it; Mesh.Hosting reads it when it publishes.
/// </summary>
internal static class RuntimeChangeLogFormat
{
    /// <summary>The log's file name in the state folder.</summary>
    public const string FileName = "runtime-changes.jsonl";

    /// <summary>
    /// The records of a log's text, in order, and the lines left out: a torn last line (text after the last newline, a
    /// write that never finished) and lines that are not a complete record.
    /// </summary>
    public static (List<RuntimeChange> Changes, List<SkippedLine> Skipped) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var changes = new List<RuntimeChange>(lines.Length);
        var skipped = new List<SkippedLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (i == lines.Length - 1)
            {
                skipped.Add(new SkippedLine(i + 1, line.Length, Torn: true));
            }
            else if (ParseLine(line) is { } change)
            {
                changes.Add(change);
            }
            else
            {
                skipped.Add(new SkippedLine(i + 1, line.Length, Torn: false));
            }
        }

        return (changes, skipped);
    }

    /// <summary>One record as it is appended: its JSON and the newline that completes it.</summary>
    public static byte[] Line(RuntimeChange change) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(change, RuntimeChangeJsonContext.Default.RuntimeChange), (byte)'\n'];

    private static RuntimeChange? ParseLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, RuntimeChangeJsonContext.Default.RuntimeChange) is { IsComplete: true } change ? change : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A line of the log that holds no change.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Torn">Whether it is the last line, without its newline: a write that never finished.</param>
internal readonly record struct SkippedLine(int Number, int Length, bool Torn);
