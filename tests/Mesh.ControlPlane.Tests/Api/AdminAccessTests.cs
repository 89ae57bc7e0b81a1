using System.Net;
using System.Text;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>Who may change the mesh through the admin API: only a caller with this run's admin credential.</summary>
public sealed class AdminAccessTests : IAsyncLifetime
{
    private const string AllowAll = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-all
          namespace: default
        spec:
          action: ALLOW
          rules:
          - {}
        """;

    private ControlPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-admin-credential-0000")]
    [InlineData("reviews-v1-bootstrap-token-7a6b5c4d")]
    public async Task Apply_WithoutTheAdminCredential_Returns401AndAppliesNothing(string? token)
    {
        using var request = Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, token);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("admin credential", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithTheAdminCredential_Applies()
    {
        using var request = Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, TestCredentials.AdminToken);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAndAnalyze_WithoutTheAdminCredential_Return401()
    {
        await ApplyAllowAllAsync();

        using var delete = await _host.Client.DeleteAsync(AdminRoutes.ResourceFor("AuthorizationPolicy", "default", "allow-all"));
        using var analyze = await _host.Client.SendAsync(Yaml(HttpMethod.Post, AdminRoutes.Analyze, AllowAll, token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, analyze.StatusCode);
        Assert.Contains("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearChanges_OnlyWithTheAdminCredential_RemovesEveryRunTimeResource()
    {
        await ApplyAllowAllAsync();

        using var refused = await _host.Client.DeleteAsync(AdminRoutes.Changes);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);

        using var cleared = await _host.Admin.DeleteAsync(AdminRoutes.Changes);

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Contains("AuthorizationPolicy default/allow-all", await cleared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Apply_BodyABrowserSendsWithoutAsking_Returns415(string? contentType)
    {
        using var request = Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, TestCredentials.AdminToken);
        request.Content!.Headers.ContentType = contentType is null ? null : new(contentType);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/yaml", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("192.168.1.20")]
    public async Task AnyRoute_HostThatIsNotALoopbackName_Returns400(string host)
    {
        using var request = Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, TestCredentials.AdminToken);
        request.Headers.Host = host;
        using var status = new HttpRequestMessage(HttpMethod.Get, AdminRoutes.Status);
        status.Headers.Host = host;

        using var response = await _host.Client.SendAsync(request);
        using var read = await _host.Client.SendAsync(status);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Host '{host}'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.DoesNotContain("allow-all", await _host.Client.GetStringAsync(AdminRoutes.Resources), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task ReadOnlyViews_LoopbackHostWithoutCredential_Answer(string host)
    {
        foreach (var path in new[] { AdminRoutes.Status, AdminRoutes.Resources, ControlPlaneRoutes.Registry, ControlPlaneRoutes.Health })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host + ":" + _host.BaseAddress.Port;

            using var response = await _host.Client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} with Host {host}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Apply_BodyOverOneMebibyte_Returns413(bool chunked)
    {
        var text = AllowAll + "\n#" + new string('x', 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, AdminRoutes.Apply)
        {
            Content = chunked
                ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text)))
                : new StringContent(text, Encoding.UTF8, "application/yaml"),
        };
        request.Content.Headers.ContentType = new("application/yaml");
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.Authorization = TestCredentials.Bearer(TestCredentials.AdminToken);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1 MiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ControlPlaneWithoutAdminCredential_Returns401NamingTheSetting()
    {
        await using var bare = await ControlPlaneHost.StartAsync("--Mesh:ControlPlane:AdminToken=");

        using var response = await bare.Client.SendAsync(Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, TestCredentials.AdminToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Mesh__ControlPlane__AdminToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task ApplyAllowAllAsync()
    {
        using var apply = Yaml(HttpMethod.Post, AdminRoutes.Apply, AllowAll, TestCredentials.AdminToken);
        using var response = await _host.Client.SendAsync(apply);
        response.EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Yaml(HttpMethod method, string path, string body, string? token)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/yaml") };
        if (token is not null)
        {
            request.Headers.Authorization = TestCredentials.Bearer(token);
        }

        return request;
    }
}
