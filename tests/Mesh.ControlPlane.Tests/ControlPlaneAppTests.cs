using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Mesh.ControlPlane.Tests;

public class ControlPlaneAppTests
{
    [Theory]
    [InlineData("/v1/sidecars/reviews-v1/report", false)]
    [InlineData("/healthz", false)]
    [InlineData("/v1/sidecars/reviews-v1/stream", true)]
    [InlineData("/v1/registry", true)]
    public async Task Build_TraceFilter_SkipsReportsAndKeepsServiceDefaultsFilter(string path, bool traced)
    {
        await using var app = ControlPlaneApp.Build([]);
        var options = app.Services.GetRequiredService<IOptionsMonitor<AspNetCoreTraceInstrumentationOptions>>().Get(Options.DefaultName);
        var context = new DefaultHttpContext();
        context.Request.Path = path;

        Assert.Equal(traced, options.Filter!(context));
    }
}
