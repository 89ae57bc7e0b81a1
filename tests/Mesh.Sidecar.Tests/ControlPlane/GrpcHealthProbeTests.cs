using Mesh.Sidecar.Tests.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>
/// An app that speaks HTTP/2 (<c>Mesh:AppProtocol</c> <c>http2</c>) is probed with gRPC's health protocol, as a Kubernetes
/// <c>grpc</c> probe, or with a TCP connect when it has no health service; the sidecar reports what it saw.
/// </summary>
public sealed class GrpcHealthProbeTests
{
    private static readonly Dictionary<string, string> s_http2 = new() { ["AppProtocol"] = "http2" };

    [Fact]
    public async Task HealthService_ServingThenNotServing_IsReportedAsIs()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await GrpcApp.StartAsync("reviews-v1", healthService: true);
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews", settings: s_http2);
        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppServing, "the sidecar reports its SERVING app serving");
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("is serving (gRPC health SERVING)").Count > 0, "the sidecar logs the health service's answer");

        app.Healthy = false;

        await controlPlane.WaitForReportAsync("reviews-v1", r => !r.AppServing, "the sidecar reports its NOT_SERVING app not serving");
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("is not serving: gRPC health NOT_SERVING").Count > 0, "the sidecar logs why");
    }

    [Fact]
    public async Task NoHealthService_FallsBackToATcpConnect()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await GrpcApp.StartAsync("reviews-v1", healthService: false);
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews", settings: s_http2);

        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppServing, "the sidecar reports an app that accepts connections serving");
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("is serving (TCP connect (no gRPC health service: UNIMPLEMENTED))").Count > 0,
            "the sidecar says it fell back to a TCP connect");

        await app.StopAsync();

        await controlPlane.WaitForReportAsync("reviews-v1", r => !r.AppServing, "the sidecar reports a stopped app not serving");
    }

    [Fact]
    public async Task Http2App_AnsweringNoGrpc_FallsBackToATcpConnect()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        await using var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync();

        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, new Uri(app.Urls.First()), workload: "reviews-v1", service: "reviews",
            settings: s_http2);

        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppServing, "the sidecar reports the app serving");
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("TCP connect (HTTP 404, no gRPC health service)").Count > 0, "the sidecar says why");
    }
}
