using System.Net.Sockets;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Inbound.Security;

/// <summary>
/// The inbound listener waits for a connection's first byte (which tells TLS from plain text) only so long, as Envoy's
/// listener filter timeout: a connection that never speaks is closed rather than held for ever.
/// </summary>
public sealed class SilentConnectionTests
{
    [Fact]
    public async Task Inbound_ConnectionSilentPastTheSniffTimeout_IsClosed()
    {
        var time = new ObservedTimeProvider();
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            builder => builder.Services.AddSingleton<TimeProvider>(time), workload: "reviews-v1", service: "reviews");
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, sidecar.Ports.Inbound);

        while (await time.NextTimerAsync() != InboundSecurity.SniffTimeout)
        {
            // Other timers (reports, probes) start too; the sniff's is the one that matters here.
        }

        var received = silent.ReceiveAsync(new byte[1], SocketFlags.None);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(received.IsCompleted, "the connection is closed before the timeout");
        time.Advance(InboundSecurity.SniffTimeout);

        Assert.Equal(0, await received.WaitAsync(Eventually.DefaultTimeout));
    }
}
