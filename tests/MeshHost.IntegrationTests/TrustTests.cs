using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Mesh.Model.Protocol;
using Mesh.Testing;

namespace MeshHost.IntegrationTests;

/// <summary>
/// The control plane trusts no caller the AppHost did not make (issue 14): without the run's admin credential nothing
/// changes the mesh, and without a workload's bootstrap token nothing joins as that workload.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class TrustTests(BookinfoFixture fixture)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(1);

    private const string AllowAll = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: stranger-allow-all
          namespace: default
        spec:
          action: ALLOW
          rules:
          - {}
        """;

    [Fact]
    public async Task AdminApi_ApplyWithoutTheRunsCredential_Returns401AndNothingChanges()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        using var stranger = Loopback.CreateClient(fixture.App.GetEndpoint("mesh", "http"));

        using var content = new StringContent(AllowAll, Encoding.UTF8, "application/yaml");
        using var response = await stranger.PostAsync(AdminRoutes.Apply, content, cancel.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var resources = await fixture.Mesh.GetResourcesAsync(cancel.Token);
        Assert.DoesNotContain(resources, r => r.Name == "stranger-allow-all");
    }

    [Fact]
    public async Task Stream_StrangerClaimingReviews_IsRefusedAndTheRealWorkloadStays()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        using var stranger = Loopback.CreateClient(fixture.App.GetEndpoint("mesh", "http"));
        var before = (await fixture.GetRegistryAsync(cancel.Token)).Single(e => e.Registration.Workload == "reviews-v1");

        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.StreamFor("reviews-v1"))
        {
            Content = new StringContent(
                """{"workload":"reviews-v1","service":"reviews","version":"v1","serviceAccount":"bookinfo-reviews","inboundAddress":"http://127.0.0.1:1","mutualTls":false}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "a-token-the-apphost-never-made");
        using var response = await stranger.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var after = (await fixture.GetRegistryAsync(cancel.Token)).Single(e => e.Registration.Workload == "reviews-v1");
        Assert.Equal(before.Registration.InboundAddress, after.Registration.InboundAddress);
    }

    [Fact]
    public void AdminCredential_IsASecretParameterOfTheRun()
    {
        var model = fixture.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();

        var parameter = model.Resources.OfType<Aspire.Hosting.ApplicationModel.ParameterResource>().Single(p => p.Name == "mesh-admin-token");

        Assert.True(parameter.Secret);
    }
}
