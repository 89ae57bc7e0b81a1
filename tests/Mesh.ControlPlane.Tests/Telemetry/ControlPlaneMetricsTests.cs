using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Mesh.ControlPlane.Telemetry;
using Mesh.ControlPlane.Tests.Api;
using Mesh.ControlPlane.Tests.Certificates;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.ControlPlane.Tests.Telemetry;

/// <summary>
/// The control plane's meter on the real app, as its OTLP exporter reads it: pushes, convergence, NACKs, connected
/// sidecars, certificates and refused configuration.
/// </summary>
public sealed class ControlPlaneMetricsTests
{
    private const string ReviewsRoute = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
        """;

    private const string InvalidRoute = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: broken
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: nowhere
        """;

    [Fact]
    public async Task ChangeToAck_IsMeasured_WithPushesConnectedSidecarsAndNacks()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        using var measurements = new Measurements(host.Services);
        await using var sidecar = await host.ConnectAsync(TestRegistrations.Create("reviews-v1"));
        var first = await sidecar.ReadSnapshotAsync();
        using (await sidecar.ReportAsync(appServing: true, first.Version))
        {
        }

        Assert.Equal(1, measurements.Sum("mesh.controlplane.xds.connected"));
        Assert.Empty(measurements.Of("mesh.controlplane.push.convergence"));

        using (var applied = await ApplyAsync(host, ReviewsRoute))
        {
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }

        var second = await sidecar.ReadSnapshotAsync(s => s.ConfigVersion > first.ConfigVersion);
        Assert.Empty(measurements.Of("mesh.controlplane.push.convergence"));
        using (await sidecar.ReportAsync(appServing: true, second.Version))
        {
        }

        var convergence = Assert.Single(measurements.Of("mesh.controlplane.push.convergence"));
        Assert.InRange(convergence.Value, 0, 30);
        // The first snapshot, the change, and any the registry caused (the sidecar began serving).
        Assert.True(measurements.Of("mesh.controlplane.pushes").Count(m => Equals(m.Tags["result"], "sent")) >= 2);

        using (await sidecar.ReportAsync(new SidecarReport { AppServing = true, AppliedVersion = second.Version, RejectedVersion = "99", RejectReason = "test" }))
        {
        }

        var nack = Assert.Single(measurements.Of("mesh.controlplane.xds.rejects"));
        Assert.Equal("reviews-v1", nack.Tags["workload"]);

        using (var refused = await ApplyAsync(host, InvalidRoute))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal("request", Assert.Single(measurements.Of("mesh.controlplane.validation.failures")).Tags["source"]);

        await sidecar.DisposeAsync();
        await Eventually.WaitUntilAsync(() => measurements.Sum("mesh.controlplane.xds.connected") == 0, "the closed stream to leave");
    }

    [Fact]
    public async Task Certificates_IssuedAndRefused_AreCounted()
    {
        await using var host = await ControlPlaneHost.StartAsync();
        using var measurements = new Measurements(host.Services);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using (var issued = await SignAsync(host, TestCredentials.TokenOf("reviews-v1"), "reviews-v1", TestCertificates.CreateCsr(key)))
        {
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }

        using (var invalid = await SignAsync(host, TestCredentials.TokenOf("reviews-v1"), "reviews-v1", "not a CSR"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using (var unknown = await SignAsync(host, "an-unknown-token", "reviews-v1", TestCertificates.CreateCsr(key)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        Assert.Equal(1, measurements.Sum("mesh.controlplane.certificates.issued"));
        Assert.Equal(["invalid", "unauthenticated"],
            measurements.Of("mesh.controlplane.certificates.refused").Select(m => (string)m.Tags["reason"]!).Order());
    }

    private static async Task<HttpResponseMessage> ApplyAsync(ControlPlaneHost host, string yaml)
    {
        using var content = new StringContent(yaml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return await host.Admin.PostAsync("/v1/apply", content);
    }

    private static async Task<HttpResponseMessage> SignAsync(ControlPlaneHost host, string token, string workload, string csr)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.Certificates)
        {
            Content = JsonContent.Create(new CertificateSigningRequest { Workload = workload, Csr = csr }, MeshJsonContext.Default.CertificateSigningRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WorkloadToken.Credential(token));
        return await host.Client.SendAsync(request);
    }

    /// <summary>Every measurement of one control plane's meter (its meter factory tells it from other hosts' in the process).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

        public Measurements(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ControlPlaneMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
            _listener.Start();
        }

        public List<(double Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
            [.. _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags))];

        public double Sum(string instrument) => Of(instrument).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();

        private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var result = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                result[tag.Key] = tag.Value;
            }

            return result;
        }
    }
}
