using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests;

/// <summary>The mesh resource's links in the dashboard.</summary>
public sealed class MeshUrlsTests
{
    [Fact]
    public async Task AddMesh_Urls_IncludeTheRegistryAndTheMeshView()
    {
        var mesh = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");
        var endpoint = mesh.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == MeshResource.HttpEndpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 41234);
        List<ResourceUrlAnnotation> urls = [];
        var context = new ResourceUrlsCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), mesh, urls);

        foreach (var callback in mesh.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.Contains(urls, u => u.DisplayText == "registry" && u.Url == "http://localhost:41234/v1/registry");
        Assert.Contains(urls, u => u.DisplayText == "Mesh view" && u.Url == "http://localhost:41234/mesh");
    }
}
