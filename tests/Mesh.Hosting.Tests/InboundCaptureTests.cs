using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Mesh.Model.Conventions;
using Microsoft.Extensions.Http;

namespace Mesh.Hosting.Tests;

/// <summary>
/// Inbound capture in the app model: a meshed project's published <c>http</c> endpoint is bound by its sidecar, the app
/// binds only its private endpoint, and the AppHost's health checks of the app go to that private endpoint.
/// </summary>
public sealed class InboundCaptureTests
{
    [Fact]
    public async Task MeshedProject_BindsOnlyItsPrivateEndpoint()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        var urls = await BoundEndpointsAsync(model.Get<ProjectResource>("details"));

        Assert.Equal([SidecarEnvironment.SidecarTargetEndpointName], urls);
    }

    [Fact]
    public async Task MeshOff_ProjectBindsItsPublishedEndpoint()
    {
        var model = TestModel.Bookinfo("--Mesh:Enabled=false").BuildAndWire();

        var urls = await BoundEndpointsAsync(model.Get<ProjectResource>("details"));

        Assert.Equal(["http"], urls);
    }

    [Fact]
    public async Task Sidecar_BindsThePublishedEndpointsTargetPort_ReservedInAspiresProxylessRange()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var app = model.Get<ProjectResource>("productpage");
        var published = app.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");

        var port = Assert.IsType<int>(published.TargetPort);
        Assert.InRange(port, 10000, 32767);
        var sidecar = model.Get<MeshSidecarResource>("productpage-sidecar");
        var reserved = sidecar.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == InboundCapture.CapturedEndpointName);
        Assert.Equal(port, reserved.Port);
        Assert.False(reserved.IsProxied);

        var env = await TestModel.EnvironmentAsync(sidecar);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), await TestModel.ValueAsync(env[MeshSettings.Sidecar.CapturedPort]));
    }

    [Fact]
    public void PublishedPort_StaysWhatTheAppHostSays_OnlyTheTargetPortMoves()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        // A launch profile's applicationUrl becomes a fixed port like this one (productpage's 9080).
        builder.AddProject<FakeProject>("productpage", launchProfileName: null).WithHttpEndpoint(port: 9080, name: "http").WithSidecar(mesh);
        var model = builder.BuildAndWire();

        var published = model.Get<ProjectResource>("productpage").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Equal(9080, published.Port);
        Assert.NotEqual(9080, published.TargetPort);
    }

    [Fact]
    public void ProxylessPublishedEndpoint_KeepsItsPort_NothingReserved()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        builder.AddProject<FakeProject>("api", launchProfileName: null).WithHttpEndpoint(name: "http", isProxied: false).WithSidecar(mesh);
        var model = builder.BuildAndWire();

        Assert.Null(model.Get<ProjectResource>("api").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").TargetPort);
        Assert.DoesNotContain(model.Get<MeshSidecarResource>("api-sidecar").Annotations.OfType<EndpointAnnotation>(), e => e.Name == InboundCapture.CapturedEndpointName);
    }

    [Fact]
    public async Task Http2Service_ItsSidecarIsToldToSpeakHttp2ToIt_OthersAreNot()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        // AsHttp2Service marks the resource; Aspire turns the mark into the endpoints' transport at BeforeStart, before any
        // environment is computed, which this model (no DCP) does by hand.
        builder.AddProject<FakeProject>("greeter", launchProfileName: null).WithHttpEndpoint(name: "http").AsHttp2Service().WithSidecar(mesh)
            .WithEndpoint("http", endpoint => endpoint.Transport = "http2");
        builder.AddProject<FakeProject>("web", launchProfileName: null).WithHttpEndpoint(name: "http").WithSidecar(mesh);
        var model = builder.BuildAndWire();

        var greeter = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("greeter-sidecar"));
        var web = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("web-sidecar"));

        Assert.Equal("http2", greeter[MeshSettings.Sidecar.AppProtocol]);
        Assert.False(web.ContainsKey(MeshSettings.Sidecar.AppProtocol));
    }

    [Fact]
    public void MeshedProjectSpeakingPlainHttp_NeedsNoDevelopmentCertificate_OneWithHttpsKeepsIt()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        builder.AddProject<FakeProject>("plain", launchProfileName: null).WithHttpEndpoint(name: "http").WithSidecar(mesh);
        builder.AddProject<FakeProject>("secure", launchProfileName: null).WithHttpEndpoint(name: "http").WithHttpsEndpoint(name: "https").WithSidecar(mesh);
        var model = builder.BuildAndWire();

#pragma warning disable ASPIRECERTIFICATES001 // The annotation WithoutHttpsCertificate() adds, read back.
        var plain = Assert.Single(model.Get<ProjectResource>("plain").Annotations.OfType<HttpsCertificateAnnotation>());
        Assert.Equal((false, null), (plain.UseDeveloperCertificate, plain.Certificate));
        Assert.Empty(model.Get<ProjectResource>("secure").Annotations.OfType<HttpsCertificateAnnotation>());
#pragma warning restore ASPIRECERTIFICATES001
    }

    [Fact]
    public void PickFreePort_SkipsPortsInUse_AndSaysSoWhenNoneIsFree()
    {
        var tried = new List<int>();

        var port = InboundCapture.PickFreePort(new Random(7), candidate =>
        {
            tried.Add(candidate);
            return tried.Count == 3;
        });

        Assert.Equal(tried[2], port);
        Assert.All(tried, p => Assert.InRange(p, 10000, 32767));
        var none = Assert.Throws<DistributedApplicationException>(() => InboundCapture.PickFreePort(new Random(7), _ => false));
        Assert.Contains("no free loopback port", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsFree_FalseForAPortSomethingListensOn()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();

        Assert.False(InboundCapture.IsFree(((System.Net.IPEndPoint)taken.LocalEndpoint).Port));
    }

    [Fact]
    public async Task HealthCheckOfCapturedApp_GoesToItsPrivateAddress_OtherClientsUntouched()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var api = builder.AddProject<FakeProject>("api", launchProfileName: null).WithHttpEndpoint(name: "http").WithHttpHealthCheck("/health").WithSidecar(mesh);
        var model = builder.BuildAndWire();
        Allocate(api.Resource, "http", 40080);
        Allocate(api.Resource, SidecarEnvironment.SidecarTargetEndpointName, 40081);
        var key = api.Resource.Annotations.OfType<HealthCheckAnnotation>().Single().Key;
        var filter = new HealthCheckRedirect(model);

        Assert.Equal("http://localhost:40081/health", await SendThroughAsync(filter, key, "http://localhost:40080/health"));
        Assert.Equal("http://localhost:40080/health", await SendThroughAsync(filter, "some-other-client", "http://localhost:40080/health"));
    }

    private static void Allocate(ProjectResource resource, string endpointName, int port)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }

    private static async Task<string> SendThroughAsync(HealthCheckRedirect filter, string clientName, string url)
    {
        var recorder = new RecordingHandler();
        var handlerBuilder = new TestHandlerBuilder { Name = clientName, PrimaryHandler = recorder };
        filter.Configure(_ => { })(handlerBuilder);
        using var invoker = new HttpMessageInvoker(handlerBuilder.Build());
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None);
        return recorder.LastUri!.ToString();
    }

    private static async Task<string[]> BoundEndpointsAsync(ProjectResource app)
    {
        var env = await TestModel.EnvironmentAsync(app);
        var urls = Assert.IsType<ReferenceExpression>(env["ASPNETCORE_URLS"]);
        return [.. urls.ValueProviders.OfType<EndpointReferenceExpression>().Select(e => e.Endpoint.EndpointName).Distinct()];
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    private sealed class TestHandlerBuilder : HttpMessageHandlerBuilder
    {
        public override string? Name { get; set; }

        public override HttpMessageHandler PrimaryHandler { get; set; } = null!;

        public override IList<DelegatingHandler> AdditionalHandlers { get; } = [];

        public override HttpMessageHandler Build() => CreateHandlerPipeline(PrimaryHandler, AdditionalHandlers);
    }
}
