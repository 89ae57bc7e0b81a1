using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mesh.ControlPlane.Tests.Api;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Tests.Reliability;

/// <summary>
/// Every input of <see cref="HostileInputs"/> goes to the real control plane through its admin API, analyzed and applied:
/// it is refused with its message, the process answers, the configuration in force is the last good one, and the
/// sidecar connected all along was sent nothing new.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileConfigurationTests(HostileConfigurationTests.Mesh mesh) : IClassFixture<HostileConfigurationTests.Mesh>
{
    public static TheoryData<string> Names => [.. HostileInputs.All.Keys];

    [Fact]
    public void Inputs_AreAtLeastFifty() => Assert.True(HostileInputs.All.Count >= 50, $"{HostileInputs.All.Count} inputs");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Input_IsRefusedWithItsMessage_AndTheLastGoodConfigurationStaysInForce(string name)
    {
        var (body, refusal) = HostileInputs.All[name];

        var analyzed = await mesh.PostAsync(AdminRoutes.Analyze, body);
        var applied = await mesh.PostAsync(AdminRoutes.Apply, body);

        Assert.Equal(HttpStatusCode.OK, analyzed.Status);
        Assert.False(analyzed.Result.Applied);
        Assert.Equal(HttpStatusCode.BadRequest, applied.Status);
        Assert.False(applied.Result.Applied);
        var errors = applied.Result.Messages.Where(m => m.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Any(m => m.Contains(refusal, StringComparison.Ordinal)),
            $"No error contains \"{refusal}\". Messages:{Environment.NewLine}{string.Join(Environment.NewLine, applied.Result.Messages.Take(5))}");
        await mesh.AssertLastGoodInForceAsync();
    }

    [Fact]
    public async Task BodyOverOneMebibyte_IsRefusedBeforeItIsRead_AndTheLastGoodConfigurationStaysInForce()
    {
        var analyzed = await mesh.SendAsync(AdminRoutes.Analyze, HostileInputs.OverOneMebibyte);
        var applied = await mesh.SendAsync(AdminRoutes.Apply, HostileInputs.OverOneMebibyte);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (analyzed.Status, applied.Status));
        Assert.Contains("at most 1048576 bytes (1 MiB)", applied.Body, StringComparison.Ordinal);
        await mesh.AssertLastGoodInForceAsync();
    }

    /// <summary>The control plane with Bookinfo declared, the last good configuration applied, and productpage's sidecar connected.</summary>
    public sealed class Mesh : IAsyncLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private ControlPlaneHost _host = null!;
        private FakeSidecar _sidecar = null!;
        private Task _reports = Task.CompletedTask;
        private long _version;
        private string _sentVersion = null!;

        public async Task InitializeAsync()
        {
            // Productpage, reviews v1 and v2 and ratings are among the workloads every test control plane declares.
            _host = await ControlPlaneHost.StartAsync("--Mesh:ControlPlane:StartupSyncTimeout=00:00:00.100");
            var good = await PostAsync(AdminRoutes.Apply, System.Text.Encoding.UTF8.GetBytes(HostileInputs.LastGood));
            Assert.True(good.Result.Applied, string.Join(Environment.NewLine, good.Result.Messages));
            _version = good.Result.ConfigVersion;
            _sidecar = await _host.ConnectAsync(new WorkloadRegistration
            {
                Workload = "productpage",
                Service = "productpage",
                Version = "v1",
                ServiceAccount = "bookinfo-productpage",
                InboundAddress = "http://127.0.0.1:9",
                AppServing = true,
            });
            var snapshot = await _sidecar.ReadSnapshotAsync(s => s.ConfigVersion == _version);
            Assert.Equal("v1", RouteToReviews(snapshot));
            _sentVersion = snapshot.Version;
            _reports = ReportAsync(_stop.Token);
        }

        public async Task<(HttpStatusCode Status, ConfigChangeResult Result)> PostAsync(string route, byte[] body)
        {
            using var response = await PostYamlAsync(route, body);
            var result = await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.ConfigChangeResult);
            return (response.StatusCode, result!);
        }

        /// <summary>The status and body text of an admin POST whose answer need not be a configuration result.</summary>
        public async Task<(HttpStatusCode Status, string Body)> SendAsync(string route, byte[] body)
        {
            using var response = await PostYamlAsync(route, body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private async Task<HttpResponseMessage> PostYamlAsync(string route, byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            return await _host.Admin.PostAsync(route, content);
        }

        /// <summary>The process answers, the configuration version and resources are the last good ones, and the sidecar got nothing new.</summary>
        public async Task AssertLastGoodInForceAsync()
        {
            using (var health = await _host.Client.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            var status = await _host.Client.GetFromJsonAsync(AdminRoutes.Status, MeshJsonContext.Default.MeshStatus);
            Assert.Equal(_version, status!.ConfigVersion);
            var sidecar = Assert.Single(status.Sidecars, s => s.Workload == "productpage");
            Assert.Equal(_sentVersion, sidecar.SentVersion);
            var resources = await _host.Client.GetFromJsonAsync(AdminRoutes.Resources, MeshJsonContext.Default.IReadOnlyListConfigResourceEntry);
            Assert.Equal(["DestinationRule default/reviews", "VirtualService default/reviews"], resources!.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}"));
        }

        public async Task DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reports;
            await _sidecar.DisposeAsync();
            await _host.DisposeAsync();
        }

        public void Dispose() => _stop.Dispose();

        // A sidecar renews its lease with a report every second; without them the control plane would let it go.
        private async Task ReportAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                using (await _sidecar.ReportAsync(appServing: true, _sentVersion))
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private static string? RouteToReviews(SidecarSnapshot snapshot) =>
            snapshot.Config?.Destinations.Single(d => d.Service == "reviews").Routes.Single().Destinations.Single().Subset;
    }
}
