using Mesh.Model.Resources;
using YamlDotNet.RepresentationModel;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// One resource of the configuration in force: as Mesh.Model reads it, and its YAML document as the user wrote it.
/// Publishing writes the document, not the typed resource, so every field reaches Istio, including those the local mesh
/// reports as unsupported and ignores but Istio enforces.
/// </summary>
/// <param name="Resource">The resource as Mesh.Model reads it.</param>
/// <param name="Document">Its document (the item, for a list), a copy publishing may change.</param>
/// <param name="Source">Where it came from: <c>apphost</c>, a config file's path, or <c>request</c> (a saved run-time change).</param>
internal sealed record ConfigDocument(ConfigResource Resource, YamlMappingNode Document, string Source)
{
    /// <summary>
    /// The document of each resource read from <paramref name="text"/>, found by where the reader found it: the
    /// document's index, and for a list (<c>kind: List</c> or a JSON array) the item's.
    /// </summary>
    public static IEnumerable<ConfigDocument> Of(string text, IEnumerable<ConfigResource> resources, string source)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        foreach (var resource in resources)
        {
            var origin = resource.Origin ?? throw new InvalidOperationException($"{resource.DisplayName} was not read from text.");
            var root = stream.Documents[origin.DocumentIndex - 1].RootNode;
            yield return new ConfigDocument(resource, (YamlMappingNode)Item(root, origin.PathPrefix), source);
        }
    }

    // The reader names list items "[2]" (a JSON array) or "items[2]" (a kind: List).
    private static YamlNode Item(YamlNode root, string prefix)
    {
        if (prefix.Length == 0)
        {
            return root;
        }

        var open = prefix.IndexOf('[', StringComparison.Ordinal);
        var index = int.Parse(prefix[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        var list = open == 0 ? (YamlSequenceNode)root : (YamlSequenceNode)((YamlMappingNode)root).Children[new YamlScalarNode("items")];
        return list.Children[index];
    }
}
