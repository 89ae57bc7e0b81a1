namespace Aspire.Hosting.Publishing;

/// <summary>
/// <c>kustomization.yaml</c>: the files <c>kubectl apply -k</c> applies, and each project's image as a parameter
/// (kustomize's <c>images</c>): set <c>newName</c> and <c>newTag</c> to the image pushed for it.
/// </summary>
internal sealed record Kustomization
{
    public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

    public string Kind { get; init; } = "Kustomization";

    public required IReadOnlyList<string> Resources { get; init; }

    public required IReadOnlyList<KustomizeImage> Images { get; init; }
}

/// <summary>One image parameter: the reference the Deployments name, and what it becomes.</summary>
internal sealed record KustomizeImage(string Name, string NewName, string NewTag);
