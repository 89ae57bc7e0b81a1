using System.Net;
using System.Net.Http.Json;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>Only the sidecar the AppHost gave a workload's token joins as that workload, as the AppHost declared it.</summary>
public sealed class SidecarAuthenticationTests : IAsyncLifetime
{
    private ControlPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("not-any-workloads-token-0000")]
    public async Task Stream_NoOrUnknownToken_Returns401AndNobodyJoins(string? token)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            FakeSidecar.ConnectAsync(_host.BaseAddress, TestRegistrations.Create("reviews-v1"), token));

        Assert.StartsWith("Stream refused: 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("bootstrap token", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _host.GetAsync(SidecarApiRoutes.Sidecars));
    }

    [Fact]
    public async Task Stream_AnotherWorkloadsToken_Returns403AndTheRealWorkloadStays()
    {
        await using var real = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1", port: 9081));
        await real.ReadSnapshotAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FakeSidecar.ConnectAsync(
            _host.BaseAddress, TestRegistrations.Create("reviews-v1", port: 6666), TestCredentials.TokenOf("ratings")));

        Assert.StartsWith("Stream refused: 403", error.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars));
        Assert.Equal("http://127.0.0.1:9081", entry.Registration.InboundAddress);
        Assert.Equal(HttpStatusCode.NoContent, (await real.ReportAsync(appServing: true)).StatusCode);
    }

    [Fact]
    public async Task Stream_BodyClaimsAnotherIdentity_RegistryKeepsTheDeclaredOne()
    {
        var claimed = TestRegistrations.Create("reviews-v1") with
        {
            Service = "details",
            Version = "v9",
            ServiceAccount = "bookinfo-productpage",
            Namespace = "istio-system",
            Labels = new Dictionary<string, string> { ["app"] = "details", ["version"] = "v9", ["team"] = "books" },
        };

        await using var sidecar = await _host.ConnectAsync(claimed);
        await sidecar.ReadSnapshotAsync();

        var registration = Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars)).Registration;
        Assert.Equal(("reviews", "v1", "bookinfo-reviews", "default"),
            (registration.Service, registration.Version, registration.ServiceAccount, registration.Namespace));
        Assert.Equal("reviews", registration.Labels["app"]);
        Assert.Equal("v1", registration.Labels["version"]);
        Assert.Equal("books", registration.Labels["team"]);
    }

    [Fact]
    public async Task Report_NoToken_Returns401()
    {
        await using var sidecar = await _host.ConnectAsync(TestRegistrations.Create("details", service: "details"));

        var response = await _host.Client.PostAsJsonAsync(
            ControlPlaneRoutes.ReportFor("details"), new SidecarReport { AppServing = true }, MeshJsonContext.Default.SidecarReport);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars)).Serving);
    }

    [Fact]
    public async Task Report_AnotherWorkloadsToken_Returns403AndChangesNothing()
    {
        await using var details = await _host.ConnectAsync(TestRegistrations.Create("details", service: "details"));
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.ReportFor("details"))
        {
            Content = JsonContent.Create(new SidecarReport { AppServing = true }, MeshJsonContext.Default.SidecarReport),
        };
        request.Headers.Authorization = TestCredentials.Sidecar("ratings");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await _host.GetAsync(ControlPlaneRoutes.Registry));
    }

    [Fact]
    public async Task Stream_TextPlainBody_Returns415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.StreamFor("reviews-v1"))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = TestCredentials.Sidecar("reviews-v1");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
