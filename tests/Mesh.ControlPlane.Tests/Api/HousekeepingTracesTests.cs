using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>
/// The control plane traces the requests people make (configuration, registry, certificates) and not the mesh's own
/// housekeeping, which would bury them in the dashboard: the AppHost's status poll, each sidecar's reports and push stream,
/// and health probes.
/// </summary>
public sealed class HousekeepingTracesTests
{
    [Theory]
    [InlineData("/v1/status", false)]
    [InlineData("/v1/sidecars/reviews-v1/report", false)]
    [InlineData("/v1/sidecars/reviews-v1/stream", false)]
    [InlineData("/healthz", false)]
    [InlineData("/v1/resources", true)]
    [InlineData("/v1/registry", true)]
    [InlineData("/v1/sidecars", true)]
    [InlineData("/v1/certificates", true)]
    [InlineData("/v1/status/extra", true)]
    public async Task TheAppsTraceFilter_SkipsHousekeepingOnly(string path, bool traced)
    {
        await using var app = ControlPlaneApp.Build(["--urls=http://127.0.0.1:0", .. TestCredentials.Settings()]);
        var filter = app.Services.GetRequiredService<IOptionsMonitor<AspNetCoreTraceInstrumentationOptions>>().Get(Options.DefaultName).Filter;

        var context = new DefaultHttpContext();
        context.Request.Path = path;

        Assert.NotNull(filter);
        Assert.Equal(traced, filter(context));
    }
}
