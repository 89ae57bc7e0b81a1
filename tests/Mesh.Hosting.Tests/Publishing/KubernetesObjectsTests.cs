using k8s.Models;
using Mesh.Model.Conventions;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;

namespace Mesh.Hosting.Tests.Publishing;

public sealed class KubernetesObjectsTests(PublishedBookinfo published) : IClassFixture<PublishedBookinfo>
{
    private static readonly string[] s_workloads = ["details", "productpage", "ratings", "reviews-v1", "reviews-v2", "reviews-v3"];

    [Fact]
    public void Publish_Bookinfo_WritesTheManifestAndKubernetesFolder()
    {
        Assert.True(File.Exists(Path.Combine(published.Output, "aspire-manifest.json")));
        var files = Directory.GetFiles(published.Kubernetes).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["deployments.yaml", "kustomization.yaml", "mesh-config.yaml", "namespace.yaml", "rate-limits.yaml", "service-accounts.yaml", "services.yaml"],
            files);
    }

    [Theory]
    [InlineData("namespace.yaml", V1Namespace.KubeKind, 1)]
    [InlineData("service-accounts.yaml", V1ServiceAccount.KubeKind, 4)]
    [InlineData("services.yaml", V1Service.KubeKind, 7)]
    [InlineData("deployments.yaml", V1Deployment.KubeKind, 6)]
    public void Publish_KubernetesObjects_DeserializeStrictlyIntoTheClientsModels(string file, string kind, int count)
    {
        var objects = PublishedFiles.Objects(published.File(file));

        Assert.Equal(count, objects.Count);
        Assert.All(objects, o => Assert.Equal(kind, o.Kind));
    }

    [Fact]
    public void Publish_Namespace_HasSidecarInjection()
    {
        var ns = Assert.IsType<V1Namespace>(Assert.Single(PublishedFiles.Objects(published.File("namespace.yaml"))));

        Assert.Equal("default", ns.Metadata.Name);
        Assert.Equal("enabled", ns.Metadata.Labels["istio-injection"]);
    }

    [Fact]
    public void Publish_Deployments_CarryIstiosLabels_ServiceAccount_ImageParameter_AndClusterEnvironment()
    {
        var deployments = Deployments().ToDictionary(static d => d.Metadata.Name);

        Assert.Equal(s_workloads, deployments.Keys.Order(StringComparer.Ordinal));
        var reviews = deployments["reviews-v2"];
        Assert.Equal(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" }, reviews.Spec.Template.Metadata.Labels);
        Assert.Equal("bookinfo-reviews", reviews.Spec.Template.Spec.ServiceAccountName);
        var container = Assert.Single(reviews.Spec.Template.Spec.Containers);
        Assert.Equal("fake", container.Image);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("http", container.Ports[0].Name);
        var env = container.Env.ToDictionary(static e => e.Name, static e => e.Value);
        Assert.Equal("v2", env["SERVICE_VERSION"]);
        Assert.Equal("http://ratings", env["services__ratings__http__0"]);
        Assert.DoesNotContain(env.Keys, k => k.Contains("https", StringComparison.OrdinalIgnoreCase));

        // A logical service is one Service, which Istio balances across versions; not one entry per version.
        var productpage = deployments["productpage"].Spec.Template.Spec.Containers[0].Env.ToDictionary(static e => e.Name, static e => e.Value);
        Assert.Equal("http://reviews", productpage["services__reviews__http__0"]);
        Assert.DoesNotContain("services__reviews__http__1", productpage.Keys);
        Assert.Equal("http://details", productpage["services__details__http__0"]);
    }

    [Fact]
    public void Publish_Kustomization_NamesEveryFile_AndEachProjectImageAsAParameter()
    {
        var kustomization = published.File("kustomization.yaml");

        foreach (var file in Directory.GetFiles(published.Kubernetes).Select(Path.GetFileName).Where(static f => f != "kustomization.yaml"))
        {
            Assert.Contains("- " + file, kustomization, StringComparison.Ordinal);
        }

        Assert.Contains("images:", kustomization, StringComparison.Ordinal);
        Assert.Contains("- name: fake", kustomization, StringComparison.Ordinal);
        Assert.Contains("newTag: latest", kustomization, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_Services_NamePortsForIstio_AndSelectTheirDeployments()
    {
        var services = Services().ToDictionary(static s => s.Metadata.Name);
        var deployments = Deployments().ToList();

        Assert.Equal(["details", "productpage", "ratings", "reviews", "reviews-v1", "reviews-v2", "reviews-v3"], services.Keys.Order(StringComparer.Ordinal));
        foreach (var service in services.Values)
        {
            Assert.All(service.Spec.Ports, p => Assert.Matches("^(http|grpc)(-.+)?$", p.Name));
            Assert.Contains(deployments, d => d.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty
                && Labels.Contain(d.Spec.Template.Metadata.Labels.AsReadOnly(), service.Spec.Selector.AsReadOnly()));
        }

        Assert.Equal(["app"], services["reviews"].Spec.Selector.Keys);
        Assert.Equal(3, deployments.Count(d => Labels.Contain(d.Spec.Template.Metadata.Labels.AsReadOnly(), services["reviews"].Spec.Selector.AsReadOnly())));
        Assert.Equal("v3", services["reviews-v3"].Spec.Selector["version"]);

        // bookinfo-gateway.yaml routes to productpage port 9080: a port of the Service in the cluster.
        Assert.Equal([80, 9080], services["productpage"].Spec.Ports.Select(static p => p.Port));
        Assert.Equal("http-9080", services["productpage"].Spec.Ports[1].Name);
    }

    [Fact]
    public void Publish_Consistency_DeploymentsSelectTheirPods_AndEveryServiceAccountExists()
    {
        var accounts = PublishedFiles.Objects(published.File("service-accounts.yaml")).Cast<V1ServiceAccount>()
            .Select(static a => (a.Metadata.NamespaceProperty, a.Metadata.Name)).ToHashSet();
        var namespaces = PublishedFiles.Objects(published.File("namespace.yaml")).Select(static n => ((V1Namespace)n).Metadata.Name).ToHashSet();

        foreach (var deployment in Deployments())
        {
            Assert.True(Labels.Contain(deployment.Spec.Template.Metadata.Labels.AsReadOnly(), deployment.Spec.Selector.MatchLabels.AsReadOnly()));
            Assert.Contains((deployment.Metadata.NamespaceProperty, deployment.Spec.Template.Spec.ServiceAccountName), accounts);
            Assert.Contains(deployment.Metadata.NamespaceProperty, namespaces);
        }

        // Every principal an AuthorizationPolicy names is a ServiceAccount the output creates.
        var config = ResourceReader.Read(published.File("mesh-config.yaml"), "mesh-config.yaml");
        foreach (var principal in config.Resources.OfType<AuthorizationPolicy>()
            .SelectMany(static p => p.Spec.Rules).SelectMany(static r => r.From).SelectMany(static s => s.Principals))
        {
            Assert.True(SpiffeIdentity.TryParse("spiffe://" + principal, out var identity), principal);
            Assert.Contains((identity.Namespace, identity.ServiceAccount), accounts);
        }
    }

    private IEnumerable<V1Deployment> Deployments() => PublishedFiles.Objects(published.File("deployments.yaml")).Cast<V1Deployment>();

    private IEnumerable<V1Service> Services() => PublishedFiles.Objects(published.File("services.yaml")).Cast<V1Service>();
}
