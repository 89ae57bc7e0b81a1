using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>Reads one resource's envelope (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>) and dispatches its <c>spec</c>.</summary>
internal static class ResourceDocument
{
    public static ConfigResource? Read(YamlObject root)
    {
        var context = root.Context;
        var apiVersion = root.String("apiVersion");
        var kindName = root.String("kind");
        var metadata = root.Object("metadata", Metadata);
        context.Kind = kindName;
        context.Name = metadata?.Name is { Length: > 0 } name ? name : null;
        context.Namespace = metadata?.Namespace;

        if (kindName is null)
        {
            context.Error(DiagnosticCodes.NotAResource, "kind", root.Start, "required: every document needs apiVersion and kind");
            return null;
        }

        if (metadata is null || metadata.Name.Length == 0)
        {
            context.Error(DiagnosticCodes.MissingField, "metadata.name", root.MarkOf("metadata"), "required");
        }

        var kinds = ResourceKinds.Known.Where(k => string.Equals(k.Kind, kindName, StringComparison.Ordinal)).ToList();
        if (kinds.Count == 0)
        {
            var known = string.Join(", ", ResourceKinds.Known.Select(static k => k.Kind).Distinct());
            context.Error(DiagnosticCodes.UnknownKind, "kind", root.MarkOf("kind"), $"unknown kind \"{kindName}\"; the mesh reads {known}");
            return null;
        }

        var group = ResourceKinds.GroupOf(apiVersion ?? "");
        var version = ResourceKinds.VersionOf(apiVersion ?? "");
        var kind = kinds.FirstOrDefault(k => string.Equals(k.Group, group, StringComparison.Ordinal) && k.Versions.Contains(version, StringComparer.Ordinal));
        if (apiVersion is null || kind is null)
        {
            var known = string.Join(", ", kinds.SelectMany(static k => k.Versions.Select(v => $"{k.Group}/{v}")));
            var message = apiVersion is null
                ? $"required; for {kindName} use one of {known}"
                : $"\"{apiVersion}\" is not a known apiVersion of {kindName}; use one of {known}";
            context.Error(apiVersion is null ? DiagnosticCodes.MissingField : DiagnosticCodes.UnknownApiVersion, "apiVersion", root.MarkOf("apiVersion"), message);
            return null;
        }

        metadata ??= new ResourceMetadata { Name = "" };
        root.Ignore("status");
        ConfigResource resource = (kind.Group, kind.Kind) switch
        {
            (ResourceKinds.NetworkingGroup, ResourceKinds.VirtualService) => new VirtualService { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, VirtualServiceReader.Read) },
            (ResourceKinds.NetworkingGroup, ResourceKinds.DestinationRule) => new DestinationRule { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, DestinationRuleReader.Read) },
            (ResourceKinds.NetworkingGroup, ResourceKinds.Gateway) => new Gateway { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, GatewayReader.ReadIstio) },
            (ResourceKinds.SecurityGroup, ResourceKinds.AuthorizationPolicy) => new AuthorizationPolicy { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, SecurityReaders.ReadAuthorization) },
            (ResourceKinds.SecurityGroup, ResourceKinds.PeerAuthentication) => new PeerAuthentication { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, SecurityReaders.ReadPeerAuthentication) },
            (ResourceKinds.GatewayApiGroup, ResourceKinds.HttpRoute) => new HttpRoute { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, HttpRouteReader.Read) },
            (ResourceKinds.GatewayApiGroup, ResourceKinds.Gateway) => new KubernetesGateway { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, GatewayReader.ReadKubernetes) },
            (ResourceKinds.MeshGroup, ResourceKinds.LocalRateLimit) => new LocalRateLimit { ApiVersion = apiVersion, Metadata = metadata, Spec = Spec(root, LocalRateLimitReader.Read) },
            _ => throw new InvalidOperationException($"No reader for {kind.Kind}.{kind.Group}."),
        };
        root.Complete();
        return resource;
    }

    private static T Spec<T>(YamlObject root, Func<YamlObject, T> read)
        where T : class, new() => root.Object("spec", read) ?? new T();

    private static ResourceMetadata Metadata(YamlObject o)
    {
        // Bookkeeping that `kubectl get -o yaml` adds; it has no meaning for the mesh's behaviour.
        o.Ignore("uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "managedFields", "ownerReferences", "finalizers", "selfLink", "generateName");
        return new ResourceMetadata
        {
            Name = o.String("name") ?? "",
            Namespace = o.String("namespace") is { Length: > 0 } ns ? ns : ResourceMetadata.DefaultNamespace,
            Labels = o.StringMap("labels"),
            Annotations = o.StringMap("annotations"),
        };
    }
}
