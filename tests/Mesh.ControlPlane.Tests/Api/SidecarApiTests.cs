using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Tests.Api;

public sealed class SidecarApiTests : IAsyncLifetime
{
    private ControlPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Stream_OpenedSoonAfterStart_NewSidecarGetsItsSnapshotAtOnce_ResumingOneWaitsForTheRegistry()
    {
        // Bookinfo's workloads are all declared and only these two join: the start-up sync gate stays closed.
        await using var host = await ControlPlaneHost.StartAsync(
            "--Mesh:ControlPlane:StartupSyncTimeout=00:05:00", "--Mesh:ControlPlane:PingInterval=00:00:00.100");
        await using var resuming = await host.ConnectAsync(TestRegistrations.Create("reviews-v1") with { ServingVersion = "41" });
        await using var fresh = await host.ConnectAsync(TestRegistrations.Create("details", service: "details"));

        var first = await fresh.ReadMessageAsync();

        Assert.Equal(StreamMessageTypes.Snapshot, first?.Type);
        // The sidecar that serves a snapshot keeps it: only pings while the registry catches up.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(StreamMessageTypes.Ping, (await resuming.ReadMessageAsync())?.Type);
        }

        // What it serves is the stream's business, not the registry's.
        Assert.All(await host.GetAsync(SidecarApiRoutes.Sidecars), e => Assert.Null(e.Registration.ServingVersion));
    }

    [Fact]
    public async Task Stream_Open_FirstLineIsSnapshotAndWorkloadIsListed()
    {
        await using var sidecar = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));

        var first = await sidecar.ReadMessageAsync();

        Assert.Equal("application/x-ndjson", sidecar.ContentType);
        Assert.Equal(StreamMessageTypes.Snapshot, first?.Type);
        Assert.Equal("reviews", Assert.Single(first!.Snapshot!.Services).Name);
        var entry = Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars));
        Assert.False(entry.Serving);
        Assert.Empty(await _host.GetAsync(ControlPlaneRoutes.Registry));
    }

    [Fact]
    public async Task Stream_EverySnapshot_CarriesTheMeshRootAsTrustBundle()
    {
        await using var sidecar = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));

        var snapshot = await sidecar.ReadSnapshotAsync();

        var root = await _host.Client.GetStringAsync(ControlPlaneRoutes.CertificateRoot);
        Assert.Equal(root.Trim(), Assert.Single(snapshot.TrustBundle).Trim());
        Assert.True(WorkloadToken.Verify(TestCredentials.TokenOf("reviews-v1"), snapshot.TrustBundle, snapshot.TrustBundleSignature));
        Assert.False(WorkloadToken.Verify(TestCredentials.TokenOf("ratings"), snapshot.TrustBundle, snapshot.TrustBundleSignature));
    }

    [Fact]
    public async Task Stream_SecondWorkloadJoinsAndServes_PushedToFirstStream()
    {
        await using var productpage = await _host.ConnectAsync(TestRegistrations.Create("productpage", service: "productpage"));
        await productpage.ReadSnapshotAsync();

        await using var reviews = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1", port: 9081));
        var joined = await productpage.ReadSnapshotAsync(s => s.Services.Any(x => x.Name == "reviews"));
        Assert.Empty(joined.ServingWorkloads());

        Assert.Equal(HttpStatusCode.NoContent, (await reviews.ReportAsync(appServing: true)).StatusCode);
        var serving = await productpage.ReadSnapshotAsync(s => s.ServingWorkloads().Contains("reviews-v1"));

        Assert.True(long.Parse(serving.Version, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(joined.Version, System.Globalization.CultureInfo.InvariantCulture));
        var endpoint = serving.Services.Single(s => s.Name == "reviews").Endpoints.Single();
        Assert.Equal("http://127.0.0.1:9081", endpoint.Address);
    }

    [Fact]
    public async Task Report_Serving_WorkloadAppearsInRegistry()
    {
        await using var details = await _host.ConnectAsync(TestRegistrations.Create("details", service: "details"));
        await using var ratings = await _host.ConnectAsync(TestRegistrations.Create("ratings", service: "ratings"));
        await details.ReadSnapshotAsync();

        await details.ReportAsync(appServing: true, appliedVersion: "2");

        var entry = Assert.Single(await _host.GetAsync(ControlPlaneRoutes.Registry));
        Assert.Equal("details", entry.Registration.Workload);
        Assert.True(entry.Serving);
        Assert.Equal("2", entry.AppliedVersion);
        Assert.Equal(["details", "ratings"], (await _host.GetAsync(SidecarApiRoutes.Sidecars)).Select(e => e.Registration.Workload));
    }

    [Fact]
    public async Task Report_AppStopsAnswering_WorkloadLeavesRegistry()
    {
        await using var details = await _host.ConnectAsync(TestRegistrations.Create("details", service: "details"));
        await details.ReportAsync(appServing: true);

        await details.ReportAsync(appServing: false);

        Assert.Empty(await _host.GetAsync(ControlPlaneRoutes.Registry));
        Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars));
    }

    [Fact]
    public async Task Report_NoOpenStream_Returns404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.ReportFor("details"))
        {
            Content = JsonContent.Create(new SidecarReport { AppServing = true }, MeshJsonContext.Default.SidecarReport),
        };
        request.Headers.Authorization = TestCredentials.Sidecar("details");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stream_Aborted_WorkloadLeavesAndOthersAreTold()
    {
        await using var productpage = await _host.ConnectAsync(TestRegistrations.Create("productpage", service: "productpage"));
        var reviews = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));
        await reviews.ReportAsync(appServing: true);
        await productpage.ReadSnapshotAsync(s => s.ServingWorkloads().Contains("reviews-v1"));

        await reviews.DisposeAsync();

        var after = await productpage.ReadSnapshotAsync(s => !s.Services.Any(x => x.Name == "reviews"));
        Assert.DoesNotContain("reviews-v1", after.ServingWorkloads());
        Assert.Equal(["productpage"], (await _host.GetAsync(SidecarApiRoutes.Sidecars)).Select(e => e.Registration.Workload));
    }

    [Fact]
    public async Task Stream_SidecarReconnects_OldStreamEndsAndNewEntryStays()
    {
        await using var old = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1", port: 1000));
        await old.ReadSnapshotAsync();

        await using var reconnected = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1", port: 2000));
        await reconnected.ReadSnapshotAsync();

        // The old stream is closed by the control plane; its end must not remove the new entry.
        while (await old.ReadMessageAsync() is not null)
        {
        }

        var entry = Assert.Single(await _host.GetAsync(SidecarApiRoutes.Sidecars));
        Assert.Equal("http://127.0.0.1:2000", entry.Registration.InboundAddress);
        Assert.Equal(HttpStatusCode.NoContent, (await reconnected.ReportAsync(appServing: true)).StatusCode);
    }

    [Theory]
    [InlineData("reviews-v2", "service", "reviews", "workload")]
    [InlineData("reviews-v1", "inboundAddress", "127.0.0.1:9080", "inboundAddress")]
    [InlineData("reviews-v1", "inboundAddress", "http://192.0.2.7:9080", "inboundAddress")]
    [InlineData("reviews-v1", "inboundAddress", "http://reviews.example:9080", "inboundAddress")]
    [InlineData("reviews-v1", "service", "", "service")]
    public async Task Stream_BadRegistration_Returns400NamingField(string pathWorkload, string property, string value, string expectedField)
    {
        var registration = TestRegistrations.Create("reviews-v1");
        registration = property == "service" ? registration with { Service = value } : registration with { InboundAddress = value };

        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.StreamFor(pathWorkload))
        {
            Content = JsonContent.Create(registration, MeshJsonContext.Default.WorkloadRegistration),
        };
        request.Headers.Authorization = TestCredentials.Sidecar(pathWorkload);

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(expectedField, out _));
        Assert.Contains(expectedField, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _host.GetAsync(SidecarApiRoutes.Sidecars));
    }

    [Fact]
    public async Task Stream_MissingRequiredProperty_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.StreamFor("reviews-v1"))
        {
            Content = new StringContent("""{"workload":"reviews-v1","service":"reviews"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = TestCredentials.Sidecar("reviews-v1");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Get_ReturnsOk()
    {
        var response = await _host.Client.GetAsync(ControlPlaneRoutes.Health);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Routes the control plane serves that Mesh.Model does not name yet.</summary>
internal static class SidecarApiRoutes
{
    public const string Sidecars = Mesh.ControlPlane.Api.SidecarApi.SidecarsRoute;
}
