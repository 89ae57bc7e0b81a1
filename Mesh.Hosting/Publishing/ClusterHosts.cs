using Mesh.Model.Compilation;
using Mesh.Model.Resources;
using YamlDotNet.RepresentationModel;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// Rewrites the hosts of Istio resources to the names a cluster gives services: a host that names one of the mesh's
/// services, short (<c>reviews</c>) or partly qualified (<c>reviews.default</c>), becomes its fully qualified name
/// (<c>reviews.default.svc.cluster.local</c>), which means the same service whichever namespace the file is applied
/// in. Hosts that name no service (<c>*</c>, external names) stay as written. The document also gets its namespace
/// written out, as Mesh.Model read it, for the same reason.
/// </summary>
internal static class ClusterHosts
{
    public static YamlMappingNode Map(ConfigDocument document, ServiceCatalog catalog)
    {
        var node = document.Document;
        var resource = document.Resource;
        var @namespace = resource.Metadata.Namespace;
        SetNamespace(node, @namespace);
        string Host(string host) => catalog.ResolveHost(host, @namespace)?.Host ?? host;

        switch (resource)
        {
            case VirtualService:
                var spec = Child(node, "spec");
                MapScalars(Child(spec, "hosts") as YamlSequenceNode, Host);
                foreach (var section in (string[])["http", "tcp", "tls"])
                {
                    foreach (var route in Items(Child(spec, section)))
                    {
                        foreach (var destination in Items(Child(route, "route")))
                        {
                            MapScalar(Child(destination, "destination"), "host", Host);
                        }

                        MapScalar(Child(route, "mirror"), "host", Host);
                        foreach (var mirror in Items(Child(route, "mirrors")))
                        {
                            MapScalar(Child(mirror, "destination"), "host", Host);
                        }
                    }
                }

                break;
            case DestinationRule:
                MapScalar(Child(node, "spec"), "host", Host);
                break;
        }

        return node;
    }

    private static void SetNamespace(YamlMappingNode document, string @namespace)
    {
        if (Child(document, "metadata") is YamlMappingNode metadata && Child(metadata, "namespace") is null)
        {
            metadata.Children.Add(new YamlScalarNode("namespace"), new YamlScalarNode(@namespace));
        }
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    private static void MapScalar(YamlNode? parent, string key, Func<string, string> map)
    {
        if (Child(parent, key) is YamlScalarNode { Value: { } value } scalar)
        {
            scalar.Value = map(value);
        }
    }

    private static void MapScalars(YamlSequenceNode? sequence, Func<string, string> map)
    {
        foreach (var item in Items(sequence))
        {
            if (item is YamlScalarNode { Value: { } value } scalar)
            {
                scalar.Value = map(value);
            }
        }
    }
}
