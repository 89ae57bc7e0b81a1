using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Mesh.ControlPlane.Tests;

public class ControlPlaneAppTests
{
    // The mesh's housekeeping (the AppHost's status poll, each sidecar's reports and push stream, health probes) gets no
    // trace, which would bury people's requests in the dashboard; what people do (configuration, registry, certificates) does.
    [Theory]
    [InlineData("/v1/sidecars/reviews-v1/report", false)]
    [InlineData("/healthz", false)]
    [InlineData("/v1/sidecars/reviews-v1/stream", false)]
    [InlineData("/v1/status", false)]
    [InlineData("/v1/status/extra", true)]
    [InlineData("/v1/graph/stream", false)]
    [InlineData("/v1/graph", true)]
    [InlineData("/v1/registry", true)]
    [InlineData("/v1/sidecars", true)]
    [InlineData("/v1/resources", true)]
    [InlineData("/v1/certificates", true)]
    public async Task Build_TraceFilter_SkipsHousekeepingAndKeepsServiceDefaultsFilter(string path, bool traced)
    {
        await using var app = ControlPlaneApp.Build([]);
        var options = app.Services.GetRequiredService<IOptionsMonitor<AspNetCoreTraceInstrumentationOptions>>().Get(Options.DefaultName);
        var context = new DefaultHttpContext();
        context.Request.Path = path;

        Assert.Equal(traced, options.Filter!(context));
    }
}
