using Microsoft.AspNetCore.Hosting;
using System.Text;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.Sidecar.Tests.Reliability;

/// <summary>
/// Malformed HTTP on raw sockets against every listener of a sidecar (outbound, inbound, admin) and of a gateway: each
/// request is answered with a 4xx that names the problem (400, 408, 413, 414, 431) or the connection is closed (after
/// an answer to the request line, for a listener that answers before it reads a body it cannot parse); the process stays
/// up, nothing smuggled reaches an app, and a well-formed request on the same listener right after is served as before.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class MalformedHttpTests(MalformedHttpTests.Mesh mesh, ITestOutputHelper output) : IClassFixture<MalformedHttpTests.Mesh>
{
    /// <summary>How long Kestrel waits for a request's headers here (30 s by default), so the slow-headers case is quick.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(1);

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var listener in Listeners)
            {
                foreach (var name in Requests.Keys)
                {
                    data.Add(listener, name);
                }
            }

            return data;
        }
    }

    private static readonly string[] Listeners = ["outbound", "inbound", "admin", "gateway"];

    private static Dictionary<string, string[]> Requests { get; } = new(StringComparer.Ordinal)
    {
        ["garbage request line"] = ["HELLO\r\n\r\n"],
        ["method with a space in it"] = ["G ET / HTTP/1.1\r\nHost: a\r\n\r\n"],
        ["target without a slash"] = ["GET index.html HTTP/1.1\r\nHost: a\r\n\r\n"],
        ["request line of 20 KB"] = ["GET /" + new string('a', 20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n"],
        ["header of 40 KB"] = ["GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + new string('b', 40_000) + "\r\n\r\n"],
        ["150 headers"] = ["GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n")) + "\r\n"],
        ["header without a colon"] = ["GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"],
        ["NUL in a header value"] = ["GET / HTTP/1.1\r\nHost: a\r\nX-Nul: a\0b\r\n\r\n"],
        ["folded header"] = ["GET / HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n"],
        ["no Host"] = ["GET / HTTP/1.1\r\n\r\n"],
        ["two Hosts"] = ["GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"],
        ["bare carriage return"] = ["GET / HTTP/1.1\rHost: a\r\n\r\n"],
        ["slow headers"] = ["GET / HTTP/1.1\r\n", "Host: a\r\n", "X-Slow: 1\r\n"],
        ["chunk size that is no number"] = ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"],
        ["chunk size past 64 bits"] = ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"],
        ["chunk without its line end"] = ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"],
        ["Content-Length with Transfer-Encoding"] = ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"],
        ["Transfer-Encoding other than chunked"] = ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nhello"],
        ["two Content-Lengths"] = ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"],
        ["negative Content-Length"] = ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\nhello"],
        ["Content-Length past 64 bits"] = ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\nhello"],
    };

    private static readonly int[] s_refusals = [400, 408, 413, 414, 431];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedRequest_IsRefusedOrClosed_AndTheListenerServesTheNextRequest(string listener, string name)
    {
        var parts = Requests[name].Select(Encoding.Latin1.GetBytes).ToList();

        var outcome = await RawHttp.SendAsync(mesh.Port(listener), parts, pause: HeadersTimeout * 2, wait: TimeSpan.FromSeconds(3));
        output.WriteLine($"{listener}, {name}: {outcome}");

        Assert.True(outcome.Status is { } status ? s_refusals.Contains(status) || (status < 500 && outcome.Closed) : outcome.Closed,
            $"{name} on the {listener} listener: {outcome}");
        mesh.AssertNothingSmuggled();
        await mesh.AssertServesAsync(listener);
    }

    /// <summary>A sidecar (productpage, with an outbound listener for reviews) and a gateway, each with its apps and a fake control plane.</summary>
    public sealed class Mesh : IAsyncLifetime
    {
        private FakeControlPlane _controlPlane = null!;
        private FakeApp _app = null!;
        private FakeApp _reviews = null!;
        private SidecarHost _sidecar = null!;
        private SidecarHost _gateway = null!;

        public async Task InitializeAsync()
        {
            _controlPlane = await FakeControlPlane.StartAsync();
            _app = await FakeApp.StartAsync("productpage-v1");
            _reviews = await FakeApp.StartAsync("reviews-v1");
            _sidecar = await SidecarHost.StartAsync(_controlPlane.BaseAddress, _app.BaseAddress, ShortHeadersTimeout, outbound: [new("reviews", "reviews")]);
            _gateway = await SidecarHost.StartAsync(_controlPlane.BaseAddress, _app.BaseAddress, ShortHeadersTimeout, workload: "gateway", service: "istio-ingressgateway",
                settings: new Dictionary<string, string> { ["Mode"] = "Gateway" });
            _controlPlane.PushSnapshot(MeshConfig.Snapshot("1", "", MeshConfig.Workload("productpage-v1", _sidecar.Inbound),
                [MeshConfig.Workload("reviews-v1", _reviews.BaseAddress)]));
            await _sidecar.WaitForSnapshotAsync("1");
            await _gateway.WaitForSnapshotAsync("1");
        }

        public int Port(string listener) => listener switch
        {
            "outbound" => _sidecar.Ports.Outbound(0),
            "inbound" => _sidecar.Ports.Inbound,
            "admin" => _sidecar.Ports.Admin,
            _ => _gateway.Ports.Inbound,
        };

        /// <summary>A well-formed request on <paramref name="listener"/> gets its usual answer.</summary>
        public async Task AssertServesAsync(string listener)
        {
            var (client, uri, expected) = listener switch
            {
                "outbound" => (_sidecar.Client, _sidecar.Outbound(), HttpStatusCode.OK),
                "inbound" => (_sidecar.Client, _sidecar.Inbound, HttpStatusCode.OK),
                "admin" => (_sidecar.Client, new Uri(_sidecar.Admin, "/healthz"), HttpStatusCode.OK),
                // The gateway has no route: its own 404 (NR) is its usual answer.
                _ => (_gateway.Client, _gateway.Inbound, HttpStatusCode.NotFound),
            };
            using var response = await client.GetAsync(uri);
            Assert.Equal(expected, response.StatusCode);
        }

        /// <summary>
        /// No request hidden after a body whose length two headers disagree on reached an app: Kestrel reads
        /// Transfer-Encoding, ignores Content-Length and closes the connection after its answer (RFC 9112 lets a server
        /// do that or refuse), so the bytes after the body are never read as a request.
        /// </summary>
        public void AssertNothingSmuggled() =>
            Assert.DoesNotContain(_app.Received.Concat(_reviews.Received), r => r.PathAndQuery.StartsWith("/smuggled", StringComparison.Ordinal));

        public async Task DisposeAsync()
        {
            await _gateway.DisposeAsync();
            await _sidecar.DisposeAsync();
            await _reviews.DisposeAsync();
            await _app.DisposeAsync();
            await _controlPlane.DisposeAsync();
        }

        private static void ShortHeadersTimeout(WebApplicationBuilder builder) =>
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.RequestHeadersTimeout = HeadersTimeout);
    }
}
