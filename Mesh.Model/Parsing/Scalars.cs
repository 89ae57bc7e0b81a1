using System.Globalization;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Model.Parsing;

/// <summary>
/// Converts YAML nodes to typed values, reporting type errors at the node. Numbers and booleans must be
/// plain (unquoted) scalars, as Kubernetes' schema validation requires; strings may be either.
/// </summary>
internal static class Scalars
{
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static string? String(ReadContext context, string path, YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected a string, found {Describe(node)}");
        return null;
    }

    public static int? Int(ReadContext context, string path, YamlNode node)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value is >= int.MinValue and <= int.MaxValue)
            {
                return (int)value;
            }

            context.Error(DiagnosticCodes.OutOfRange, path, node.Start, $"{value} is too large");
            return null;
        }

        context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected an integer, found {Describe(node)}");
        return null;
    }

    public static double? Double(ReadContext context, string path, YamlNode node)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected a number, found {Describe(node)}");
        return null;
    }

    public static bool? Bool(ReadContext context, string path, YamlNode node)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar)
        {
            if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected true or false, found {Describe(node)}");
        return null;
    }

    public static TimeSpan? Duration(ReadContext context, string path, YamlNode node)
    {
        if (String(context, path, node) is not { } text)
        {
            return null;
        }

        if (IstioDuration.TryParse(text, out var value, out var overflow))
        {
            return value;
        }

        context.Error(DiagnosticCodes.InvalidDuration, path, node.Start, overflow
            ? $"\"{text}\" is longer than the longest duration Istio reads, {IstioDuration.Format(IstioDuration.Maximum)} (Go's limit)"
            : $"\"{text}\" is not a duration (write e.g. 0.5s, 10s, 1m or 100ms)");
        return null;
    }

    public static TEnum? Enum<TEnum>(ReadContext context, string path, YamlNode node, IReadOnlyDictionary<string, TEnum> values)
        where TEnum : struct
    {
        if (String(context, path, node) is not { } text)
        {
            return null;
        }

        if (values.TryGetValue(text, out var value))
        {
            return value;
        }

        context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"\"{text}\" is not one of {string.Join(", ", values.Keys)}");
        return null;
    }

    public static IReadOnlyList<string> StringList(ReadContext context, string path, YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected a list of strings, found {Describe(node)}");
            return [];
        }

        var items = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            context.Record(itemPath, sequence.Children[i].Start);
            if (String(context, itemPath, sequence.Children[i]) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public static IReadOnlyDictionary<string, string> StringMap(ReadContext context, string path, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(DiagnosticCodes.InvalidValue, path, node.Start, $"expected a map of strings, found {Describe(node)}");
            return Empty.Map;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                context.Error(DiagnosticCodes.InvalidValue, path, key.Start, "keys must be strings");
                continue;
            }

            var entryPath = FieldPath.Field(path, name);
            context.Record(entryPath, value.Start);
            if (String(context, entryPath, value) is { } text)
            {
                result[name] = text;
            }
        }

        return result;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "an object",
        YamlSequenceNode => "a list",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s => $"the string \"{s.Value}\"",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => "an alias",
    };
}
