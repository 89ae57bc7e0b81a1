using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Model.Resources;

namespace Mesh.Model.State;

/// <summary>
/// One run-time change as the control plane's state folder keeps it: an apply (with the request's text) or a delete
/// (with the resource's identity). Shared with Mesh.Hosting, which publishes the changes in force.
/// </summary>
internal sealed record RuntimeChange
{
    public const string ApplyOperation = "apply";
    public const string DeleteOperation = "delete";

    public required string Operation { get; init; }

    public string? Text { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Whether the record says what to do: an apply with its text, or a delete with its resource.</summary>
    [JsonIgnore]
    public bool IsComplete => Operation switch
    {
        ApplyOperation => Text is not null,
        DeleteOperation => Kind is not null && Name is not null,
        _ => false,
    };

    /// <summary>The deleted resource.</summary>
    [JsonIgnore]
    public ResourceKey Key => new(Group ?? "", Kind ?? "", Namespace ?? "", Name ?? "");

    public static RuntimeChange Apply(string text) => new() { Operation = ApplyOperation, Text = text };

    public static RuntimeChange Delete(ResourceKey key) => new()
    {
        Operation = DeleteOperation,
        Group = key.Group,
        Kind = key.Kind,
        Namespace = key.Namespace,
        Name = key.Name,
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeChange))]
internal sealed partial class RuntimeChangeJsonContext : JsonSerializerContext;
