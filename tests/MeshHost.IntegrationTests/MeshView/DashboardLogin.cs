using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace MeshHost.IntegrationTests.MeshView;

/// <summary>The Aspire dashboard's address in a test run, its login link and the per-run browser token in it, as the AppHost prints it.</summary>
internal sealed record DashboardLogin(Uri BaseUrl, Uri LoginUrl, string? BrowserToken)
{
    private const string DashboardResource = "aspire-dashboard";

    public static DashboardLogin Of(DistributedApplication app)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var allocated = model.Resources.FirstOrDefault(r => r.Name == DashboardResource)?.Annotations.OfType<EndpointAnnotation>()
            .Select(e => e.AllocatedEndpoint).FirstOrDefault(e => e is not null);
        var address = allocated?.UriString
            ?? configuration["ASPNETCORE_URLS"]?.Split(';')[0]
            ?? throw new InvalidOperationException("The test run has no dashboard address: neither the dashboard resource nor ASPNETCORE_URLS names one.");
        var baseUrl = new Uri(address.TrimEnd('/') + "/");
        var token = configuration["AppHost:BrowserToken"];
        return token is { Length: > 0 }
            ? new DashboardLogin(baseUrl, new Uri(baseUrl, "login?t=" + Uri.EscapeDataString(token)), token)
            : new DashboardLogin(baseUrl, baseUrl, null);
    }
}
