using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Configuration;

/// <summary>One run-time change: an apply (with the request's text) or a delete (with the resource's identity).</summary>
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
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeChange))]
internal sealed partial class RuntimeChangeJsonContext : JsonSerializerContext;
