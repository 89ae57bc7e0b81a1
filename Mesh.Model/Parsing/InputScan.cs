using System.Globalization;
using Mesh.Model.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Model.Parsing;

/// <summary>
/// Checks a text against <see cref="InputLimits"/> before YamlDotNet builds a tree of it: its length, its characters,
/// and, from the parser's event stream (which YamlDotNet produces without recursion), the nesting depth, the number of
/// nodes with every alias counted as the nodes it stands for, and mapping keys. Only a text that passes is loaded, so
/// the recursive loader never goes deeper than <see cref="InputLimits.MaxDepth"/> and the reader never walks more than
/// <see cref="InputLimits.MaxNodes"/> nodes. Linear in the text's length.
/// </summary>
internal static class InputScan
{
    /// <summary>Why the text is refused (a <see cref="DiagnosticCodes"/> code and a message), where, and in which document (1-based).</summary>
    internal sealed record Violation(string Code, string Message, Mark Mark, int Document);

    /// <summary>The first limit or syntax rule <paramref name="text"/> breaks, or null.</summary>
    public static Violation? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxTextLength)
        {
            return new Violation(DiagnosticCodes.LimitExceeded,
                $"the text is {Size(text.Length)} long; the mesh reads at most {Size(InputLimits.MaxTextLength)} at once (split it into several files or requests)",
                Mark.Empty, 1);
        }

        return CheckCharacters(text) ?? CheckShape(text);
    }

    // YAML's printable set (tab, line breaks, and no other control character, surrogate half or non-character), and no
    // U+FFFD: a decoder writes it for bytes that are not UTF-8, so it almost always means the file or body was not UTF-8.
    private static Violation? CheckCharacters(string text)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                column++;
                continue;
            }

            if (Refusal(c) is { } reason)
            {
                return new Violation(DiagnosticCodes.Syntax, $"the text holds {reason}", new Mark(i, line, column), DocumentAt(text, i));
            }

            column++;
        }

        return null;
    }

    private static string? Refusal(char c) => c switch
    {
        '\t' or '\r' or '\u0085' => null,
        '\uFFFD' => "U+FFFD, the replacement character, which a decoder writes for bytes that are not UTF-8: save the text as UTF-8",
        _ when char.IsSurrogate(c) => $"U+{(int)c:X4}, half of a surrogate pair, which is no character",
        '\uFFFE' or '\uFFFF' => $"U+{(int)c:X4}, which is no character",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}, which YAML does not allow (write it escaped in a double-quoted string)",
        _ => null,
    };

    // A character problem is found before parsing, so its document is counted from the "---" lines before it.
    private static int DocumentAt(string text, int index)
    {
        var documents = 1;
        var position = 0;
        while (position < index && text.IndexOf("\n---", position, index - position, StringComparison.Ordinal) is var found and >= 0)
        {
            documents++;
            position = found + 4;
        }

        return documents;
    }

    private static Violation? CheckShape(string text)
    {
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        var frames = new Stack<Frame>();
        var anchors = new Dictionary<string, Shape>(StringComparer.Ordinal);
        long nodes = 0;
        try
        {
            return Scan();
        }
        catch (YamlException e)
        {
            return At(DiagnosticCodes.Syntax, e.Message, e.Start);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, on some unclosed flow collections.
            return At(DiagnosticCodes.Syntax, "invalid YAML after this point (an unclosed '[' or '{'?)", parser.LastMark);
        }

        Violation? Scan()
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var violation = current switch
                {
                    DocumentStart => Reset(anchors),
                    Scalar scalar => Node(scalar.Anchor, new Shape(1, 0, IsCollection: false)),
                    AnchorAlias alias => anchors.TryGetValue(alias.Value.Value, out var shape)
                        ? Node(AnchorName.Empty, shape)
                        : At(DiagnosticCodes.Syntax, $"the alias *{alias.Value} names no anchor before it", alias.Start),
                    NodeEvent collection and (MappingStart or SequenceStart) => Open(collection),
                    MappingEnd or SequenceEnd => Close(),
                    _ => null,
                };
                if (violation is not null)
                {
                    return violation;
                }
            }

            return null;
        }

        Violation? Open(NodeEvent collection)
        {
            if (KeyIsCollection())
            {
                return At(DiagnosticCodes.InvalidValue, "a mapping key must be a string, not a list or map", collection.Start);
            }

            if (frames.Count + 1 > InputLimits.MaxDepth)
            {
                return Refuse($"lists and maps nest more than {InputLimits.MaxDepth} deep; no mesh resource nests nearly as deep");
            }

            nodes++;
            frames.Push(new Frame(collection is MappingStart, nodes - 1, collection.Anchor));
            return TooMany();
        }

        Violation? Close()
        {
            var frame = frames.Pop();
            var shape = new Shape(nodes - frame.NodesBefore, frame.Height + 1, IsCollection: true);
            if (!frame.Anchor.IsEmpty)
            {
                anchors[frame.Anchor.Value] = shape;
            }

            Consumed(shape.Height);
            return null;
        }

        Violation? Node(AnchorName anchor, Shape shape)
        {
            if (shape.IsCollection && KeyIsCollection())
            {
                return At(DiagnosticCodes.InvalidValue, "a mapping key must be a string, not an alias of a list or map", parser.Current!.Start);
            }

            if (frames.Count + shape.Height > InputLimits.MaxDepth)
            {
                return Refuse($"an alias nests lists and maps more than {InputLimits.MaxDepth} deep");
            }

            nodes += shape.Size;
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = shape;
            }

            Consumed(shape.Height);
            return TooMany();
        }

        // A node ends a key or a value of the mapping around it, and raises the height of the collection around it.
        void Consumed(int height)
        {
            if (frames.TryPeek(out var parent))
            {
                parent.ExpectKey = parent.IsMapping && !parent.ExpectKey;
                parent.Height = Math.Max(parent.Height, height);
            }
        }

        bool KeyIsCollection() => frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey;

        Violation? TooMany() => nodes > InputLimits.MaxNodes
            ? Refuse($"the text holds more than {InputLimits.MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes (values, lists and maps, " +
                "an alias counting as every node it repeats); an alias that repeats aliases multiplies them")
            : null;

        Violation Refuse(string message) => At(DiagnosticCodes.LimitExceeded, message, parser.Current!.Start);

        Violation At(string code, string message, Mark mark) => new(code, message, mark, Math.Max(1, parser.DocumentCount));

        Violation? Reset(Dictionary<string, Shape> all)
        {
            // Anchors belong to their document.
            all.Clear();
            return null;
        }
    }

    private static string Size(int characters) =>
        characters >= 1024 * 1024
            ? $"{(characters / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MiB"
            : $"{characters.ToString("N0", CultureInfo.InvariantCulture)} characters";

    /// <summary>What an anchored node stands for: its nodes, how many collections deep it goes, whether it is one.</summary>
    private readonly record struct Shape(long Size, int Height, bool IsCollection);

    /// <summary>A list or map being scanned.</summary>
    private sealed class Frame(bool isMapping, long nodesBefore, AnchorName anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public long NodesBefore { get; } = nodesBefore;

        public AnchorName Anchor { get; } = anchor;

        /// <summary>In a map: whether the next node is a key (a map starts with one).</summary>
        public bool ExpectKey { get; set; } = isMapping;

        /// <summary>How many collections deep the content seen so far goes.</summary>
        public int Height { get; set; }
    }
}
