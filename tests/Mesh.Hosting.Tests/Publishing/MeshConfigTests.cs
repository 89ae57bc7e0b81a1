using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Model.Compilation;
using Mesh.Model.Conventions;
using Mesh.Model.Parsing;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using Mesh.Testing;

namespace Mesh.Hosting.Tests.Publishing;

public sealed class MeshConfigTests(PublishedBookinfo published) : IClassFixture<PublishedBookinfo>
{
    [Fact]
    public void Publish_MeshConfig_ReadsBackThroughMeshModel_WithoutErrors()
    {
        var read = Written();

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        Assert.Equal(
            ["AuthorizationPolicy default/ratings-viewer", "DestinationRule default/details", "DestinationRule default/productpage",
             "DestinationRule default/ratings", "DestinationRule default/reviews", "Gateway default/bookinfo-gateway",
             "PeerAuthentication istio-system/default", "VirtualService default/bookinfo", "VirtualService default/reviews"],
            read.Resources.Select(static r => r.DisplayName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Publish_MeshConfig_IsTheConfigurationInForce_HostsMapped()
    {
        var inForce = InForce();
        var written = Written().Resources.ToDictionary(static r => r.Key);

        Assert.Equal(inForce.Keys.Select(static k => k.ToString()).Order(StringComparer.Ordinal), written.Keys.Select(static k => k.ToString()).Order(StringComparer.Ordinal));
        foreach (var (key, resource) in inForce)
        {
            Assert.True(JsonNode.DeepEquals(Canonical(resource), Canonical(written[key])), $"{key}: {Canonical(resource)} != {Canonical(written[key])}");
        }

        // The saved run-time change won over the C# route, and its hosts are the cluster's names.
        var reviews = (VirtualService)written[inForce.Keys.Single(static k => k.Kind == "VirtualService" && k.Name == "reviews")];
        Assert.Equal(["reviews.default.svc.cluster.local"], reviews.Spec.Hosts);
        Assert.Equal(["reviews.default.svc.cluster.local", "reviews.default.svc.cluster.local"], reviews.Spec.Http[0].Route.Select(static r => r.Destination.Host));
        Assert.Equal("*", ((VirtualService)written.Values.Single(static r => r.Metadata.Name == "bookinfo")).Spec.Hosts[0]);
    }

    [Fact]
    public void Publish_MeshConfig_CompilesToTheSameSnapshotForEveryProxy()
    {
        var catalog = ServiceCatalog.FromRegistrations(BookinfoRegistrations());
        var local = InForce().Values.ToList();
        var written = Written().Resources.ToList();

        foreach (var registration in BookinfoRegistrations())
        {
            var proxy = ProxyIdentity.FromRegistration(registration, registration.Mode);
            Assert.Equal(
                JsonSerializer.Serialize(ConfigCompiler.Compile(local, catalog, proxy), MeshJsonContext.Default.ConfigSnapshot),
                JsonSerializer.Serialize(ConfigCompiler.Compile(written, catalog, proxy), MeshJsonContext.Default.ConfigSnapshot));
        }
    }

    [Fact]
    public void Publish_Consistency_EveryHostAndSubsetNamesAServiceAndLabelsInTheOutput()
    {
        var services = PublishedFiles.Objects(published.File("services.yaml")).Cast<V1Service>().ToDictionary(static s => ServiceHosts.Fqdn(s.Metadata.Name, s.Metadata.NamespaceProperty));
        var pods = PublishedFiles.Objects(published.File("deployments.yaml")).Cast<V1Deployment>().Select(static d => d.Spec.Template.Metadata.Labels.AsReadOnly()).ToList();
        var resources = Written().Resources;
        var rules = resources.OfType<DestinationRule>().ToDictionary(static r => r.Spec.Host);
        var warned = ConfigValidator.Validate(resources, ServiceCatalog.FromRegistrations(BookinfoRegistrations()))
            .Where(static d => d.Code == DiagnosticCodes.NoMatchingWorkloads).Select(static d => (d.Name, d.Path)).ToList();

        foreach (var rule in rules.Values)
        {
            var service = services[rule.Spec.Host];
            for (var i = 0; i < rule.Spec.Subsets.Count; i++)
            {
                var subset = rule.Spec.Subsets[i];
                var selector = subset.Labels.Concat(service.Spec.Selector).ToDictionary(static p => p.Key, static p => p.Value);
                // A subset no workload runs today (ratings' v2-mysql) is valid, as in Istio, where the mesh warns about it too.
                Assert.True(
                    pods.Any(p => Labels.Contain(p, selector)) || warned.Any(w => w.Name == rule.Metadata.Name && w.Path!.StartsWith($"spec.subsets[{i}]", StringComparison.Ordinal)),
                    $"{rule.DisplayName} subset {subset.Name} selects no Deployment and the mesh does not warn about it");
            }
        }

        foreach (var vs in resources.OfType<VirtualService>())
        {
            Assert.All(vs.Spec.Hosts.Where(static h => !ServiceHosts.IsWildcard(h)), h => Assert.Contains(h, services.Keys));
            foreach (var destination in vs.Spec.Http.SelectMany(static r => r.Route).Select(static r => r.Destination))
            {
                var service = services[destination.Host];
                Assert.True(destination.Port is null || service.Spec.Ports.Any(p => p.Port == destination.Port), $"{vs.DisplayName}: port {destination.Port} of {destination.Host}");
                if (destination.Subset is { } name)
                {
                    var subset = rules[destination.Host].Spec.Subsets.Single(s => s.Name == name);
                    var selector = subset.Labels.Concat(service.Spec.Selector).ToDictionary(static p => p.Key, static p => p.Value);
                    Assert.Contains(pods, p => Labels.Contain(p, selector));
                }
            }
        }

        foreach (var selector in resources.OfType<AuthorizationPolicy>().Select(static p => p.Spec.Selector).OfType<WorkloadSelector>())
        {
            Assert.Contains(pods, p => Labels.Contain(p, selector.MatchLabels));
        }
    }

    [Fact]
    public void Publish_JsonConfigFile_IsWrittenAsYaml()
    {
        var text = published.File("mesh-config.yaml");

        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.Contains("mode: \"STRICT\"", text, StringComparison.Ordinal);
    }

    private ReadResult Written() => ResourceReader.Read(published.File("mesh-config.yaml"), "mesh-config.yaml");

    // What the control plane would hold: every source read and layered in order (LocalRateLimit becomes an EnvoyFilter).
    private Dictionary<ResourceKey, ConfigResource> InForce()
    {
        var merged = new Dictionary<ResourceKey, ConfigResource>();
        foreach (var (text, source) in published.Sources())
        {
            var read = ResourceReader.Read(text, source);
            Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
            foreach (var resource in read.Resources.Where(static r => r is not LocalRateLimit))
            {
                merged[resource.Key] = resource;
            }
        }

        return merged;
    }

    // The resource as JSON, with every host that names a Bookinfo service written fully qualified.
    private static JsonNode Canonical(ConfigResource resource)
    {
        var node = JsonSerializer.SerializeToNode(resource, resource.GetType())!;
        Walk(node, resource.Metadata.Namespace);
        return node;
    }

    private static void Walk(JsonNode? node, string @namespace)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (name is "Host" && value is JsonValue v && v.TryGetValue<string>(out var host))
                    {
                        o[name] = Fqdn(host, @namespace);
                    }
                    else if (name is "Hosts" && value is JsonArray hosts)
                    {
                        o[name] = new JsonArray([.. hosts.Select(h => (JsonNode)Fqdn(h!.GetValue<string>(), @namespace))]);
                    }
                    else
                    {
                        Walk(value, @namespace);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Walk(item, @namespace);
                }

                break;
        }
    }

    private static string Fqdn(string host, string @namespace) =>
        ServiceHosts.TryParse(host, @namespace, out var name, out var ns) && s_services.Contains(name)
            ? ServiceHosts.Fqdn(name, ns)
            : host;

    private static readonly string[] s_services = ["details", "productpage", "ratings", "reviews"];

    // As TestModel.Bookinfo declares them, the ingress gateway included.
    private static IEnumerable<WorkloadRegistration> BookinfoRegistrations()
    {
        foreach (var name in BookinfoWorkloads.Names)
        {
            var service = name.StartsWith("reviews", StringComparison.Ordinal) ? "reviews" : name;
            yield return new WorkloadRegistration
            {
                Workload = name,
                Service = service,
                Version = service == name ? "v1" : name[(service.Length + 1)..],
                ServiceAccount = "bookinfo-" + service,
                InboundAddress = "http://declared.invalid",
            };
        }

        yield return new WorkloadRegistration
        {
            Workload = "gateway",
            Service = "istio-ingressgateway",
            Version = "v1",
            ServiceAccount = "istio-ingressgateway-service-account",
            Namespace = "istio-system",
            InboundAddress = "http://declared.invalid",
            Mode = Mesh.Model.Snapshots.ProxyMode.Gateway,
        };
    }
}
