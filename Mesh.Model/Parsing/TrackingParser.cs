using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Model.Parsing;

/// <summary>
/// Wraps YamlDotNet's parser to remember which document it is in and where the last good event ended, so a
/// syntax error can name its document, and a failure without a position (YamlDotNet throws
/// <see cref="InvalidOperationException"/> on some unclosed flow collections) still gets a line.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public int DocumentCount { get; private set; }

    public Mark LastMark { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (moved && inner.Current is { } current)
        {
            LastMark = current.End;
            if (current is DocumentStart)
            {
                DocumentCount++;
            }
        }

        return moved;
    }
}
