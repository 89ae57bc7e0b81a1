using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Protocol;

/// <summary>Source-generated JSON for every message between sidecars, control plane and tools (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(WorkloadRegistration))]
[JsonSerializable(typeof(RegistryEntry))]
[JsonSerializable(typeof(IReadOnlyList<RegistryEntry>))]
[JsonSerializable(typeof(SidecarSnapshot))]
[JsonSerializable(typeof(StreamMessage))]
[JsonSerializable(typeof(SidecarReport))]
[JsonSerializable(typeof(ConfigSnapshot))]
[JsonSerializable(typeof(ConfigChangeResult))]
[JsonSerializable(typeof(IReadOnlyList<ConfigResourceEntry>))]
[JsonSerializable(typeof(MeshStatus))]
[JsonSerializable(typeof(CertificateSigningRequest))]
[JsonSerializable(typeof(CertificateSigningResponse))]
public sealed partial class MeshJsonContext : JsonSerializerContext;
