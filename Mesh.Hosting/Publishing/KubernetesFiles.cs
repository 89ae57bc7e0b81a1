using k8s;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// Writes the files of <c>kubernetes/</c>: Kubernetes objects through the client library's YAML serializer, the mesh's
/// Istio and Gateway API documents and the typed EnvoyFilters and kustomization through YamlDotNet, several documents
/// per file separated by <c>---</c>.
/// </summary>
internal static class KubernetesFiles
{
    internal const string Folder = "kubernetes";
    internal const string NamespaceFile = "namespace.yaml";
    internal const string ServiceAccountsFile = "service-accounts.yaml";
    internal const string ServicesFile = "services.yaml";
    internal const string DeploymentsFile = "deployments.yaml";
    internal const string MeshConfigFile = "mesh-config.yaml";
    internal const string RateLimitsFile = "rate-limits.yaml";
    internal const string KustomizationFile = "kustomization.yaml";

    private static readonly ISerializer s_yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    public static void WriteObjects<T>(string directory, string file, IEnumerable<T> objects) =>
        Write(directory, file, objects.Select(static o => KubernetesYaml.Serialize(o)));

    public static void WriteTyped<T>(string directory, string file, IEnumerable<T> values) =>
        Write(directory, file, values.Select(static v => s_yaml.Serialize(v)));

    public static void WriteDocuments(string directory, string file, IEnumerable<YamlMappingNode> documents) =>
        Write(directory, file, documents.Select(static d => s_yaml.Serialize(Block(d))));

    private static void Write(string directory, string file, IEnumerable<string> documents)
    {
        Directory.CreateDirectory(directory);
        var text = string.Join("---\n", documents.Select(static d => d.EndsWith('\n') ? d : d + "\n"));
        File.WriteAllText(Path.Combine(directory, file), text);
    }

    // A document read from JSON keeps JSON's flow style and quoted keys; written in block style, keys plain where YAML
    // allows, it reads like the rest. Values keep their style: a quoted "true" must stay a string.
    private static YamlNode Block(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                mapping.Style = MappingStyle.Block;
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode scalar)
                    {
                        scalar.Style = YamlDotNet.Core.ScalarStyle.Any;
                    }

                    Block(value);
                }

                break;
            case YamlSequenceNode sequence:
                sequence.Style = SequenceStyle.Block;
                foreach (var item in sequence.Children)
                {
                    Block(item);
                }

                break;
        }

        return node;
    }
}
