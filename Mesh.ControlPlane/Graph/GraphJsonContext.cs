using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Graph;

/// <summary>Source-generated JSON for the mesh view's API (the control plane is a Native AOT program).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(GraphView))]
[JsonSerializable(typeof(NodeDetails))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;
