using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;
using Mesh.Model.Tests.TestData;

namespace Mesh.Model.Tests.Compilation;

/// <summary>Compiles corpus files or inline YAML for a Bookinfo workload.</summary>
internal static class Compile
{
    public static ConfigSnapshot Files(string workload, params string[] names) =>
        Resources(workload, names.SelectMany(TestFiles.Resources).ToList());

    public static ConfigSnapshot Yaml(string workload, string yaml, ProxyMode mode = ProxyMode.Sidecar, bool allowWarnings = false)
    {
        var read = ResourceReader.Read(yaml, "test.yaml");
        TestFiles.AssertNone(read.Diagnostics.Where(d => d.IsError || !allowWarnings));
        return Resources(workload, read.Resources, mode);
    }

    public static ConfigSnapshot Resources(string workload, IReadOnlyList<ConfigResource> resources, ProxyMode mode = ProxyMode.Sidecar) =>
        ConfigCompiler.Compile(resources, Bookinfo.Catalog, ProxyIdentity.FromRegistration(Bookinfo.Registration(workload), mode));

    public static DestinationConfig Destination(this ConfigSnapshot snapshot, string service) =>
        snapshot.Destinations.Single(d => d.Service == service);
}
