using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>WebSockets through the mesh (issue 13, item 3): frontend → its sidecar → mutual TLS → streams' sidecar → streams.</summary>
[Collection(ProtocolsTestGroup.Name)]
public sealed class WebSocketTests(ProtocolsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Echo_ThroughBothSidecars_CarriesMessagesBothWaysAndTheCalleeSeesTheCallersIdentity()
    {
        var (status, body) = await fixture.GetUntilOkAsync("/ws/relay?messages=5");
        output.WriteLine($"/ws/relay: {(int)status} {body}");
        Assert.True(status == HttpStatusCode.OK, $"/ws/relay answered {(int)status}: {body}");

        var outcome = JsonDocument.Parse(body).RootElement;
        // The upgrade request reached streams with the identity streams' sidecar verified in the frontend's client certificate.
        Assert.Contains($"URI={ProtocolsFixture.FrontendIdentity}", outcome.GetProperty("clientCertificate").GetString(), StringComparison.Ordinal);
        var sent = outcome.GetProperty("sent").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(5, sent.Count);
        Assert.Equal(sent, outcome.GetProperty("received").EnumerateArray().Select(m => m.GetString()));
    }
}
