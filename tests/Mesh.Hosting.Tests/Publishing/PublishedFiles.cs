using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Mesh.Hosting.Tests.Publishing;

/// <summary>Reads what publishing wrote: documents split by kind, Kubernetes objects strictly into the client's typed models.</summary>
internal static class PublishedFiles
{
    /// <summary>Every document of a multi-document YAML text, as text.</summary>
    public static List<string> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(static d =>
        {
            using var writer = new StringWriter();
            new YamlStream(d).Save(writer, assignAnchors: false);
            return writer.ToString();
        })];
    }

    /// <summary>Each document deserialized strictly (an unknown field throws) into the type its <c>kind</c> names.</summary>
    public static List<IKubernetesObject> Objects(string text) =>
        [.. Documents(text).Select(static document => KubernetesYaml.Deserialize<KubernetesObject>(document).Kind switch
        {
            V1Namespace.KubeKind => (IKubernetesObject)KubernetesYaml.Deserialize<V1Namespace>(document, strict: true),
            V1ServiceAccount.KubeKind => KubernetesYaml.Deserialize<V1ServiceAccount>(document, strict: true),
            V1Service.KubeKind => KubernetesYaml.Deserialize<V1Service>(document, strict: true),
            V1Deployment.KubeKind => KubernetesYaml.Deserialize<V1Deployment>(document, strict: true),
            var kind => throw new InvalidOperationException($"unexpected kind {kind}"),
        })];
}
