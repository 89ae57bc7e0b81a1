using System.Diagnostics.Metrics;
using Mesh.Sidecar.Telemetry;

using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>What starting to record a request costs (issue 12's budget): nothing unless someone reads the sizes.</summary>
[Collection(ProcessMeters.Name)]
public sealed class ProxyRequestTests
{
    [Fact]
    public void Begin_SizesNotListened_AllocatesNothing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SidecarMetrics(services.GetRequiredService<IMeterFactory>());
        var context = RequestWithId();
        ProxyRequest.Begin(context, countBodies: false, metrics);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = ProxyRequest.Begin(context, countBodies: false, metrics);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(-1, request.RequestBytes);
    }

    [Fact]
    public async Task Begin_SizesListened_CountsTheBodiesForAFewHundredBytes()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SidecarMetrics(services.GetRequiredService<IMeterFactory>());
        ProxyRequest.Begin(RequestWithId(), countBodies: true, metrics);
        var context = RequestWithId();
        context.Request.Body = new MemoryStream(new byte[5]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = ProxyRequest.Begin(context, countBodies: true, metrics);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Two counting streams and the response-body feature ASP.NET Core puts around the replaced response stream.
        Assert.InRange(allocated, 1, 400);
        _ = await context.Request.Body.ReadAsync(new byte[16]);
        await context.Response.Body.WriteAsync(new byte[3]);
        Assert.Equal(5, request.RequestBytes);
        Assert.Equal(3, request.ResponseBytes);
    }

    private static DefaultHttpContext RequestWithId()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["x-request-id"] = "id";
        context.Response.Body = new MemoryStream();
        return context;
    }
}
