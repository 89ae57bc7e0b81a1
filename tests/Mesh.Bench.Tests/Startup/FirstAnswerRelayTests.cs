using System.Net;
using System.Net.Sockets;
using System.Text;
using Mesh.Bench.Startup;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Bench.Tests.Startup;

public sealed class FirstAnswerRelayTests
{
    [Fact]
    public async Task FirstAnswer_NotedWhenUpstreamFirstSends_AndBytesPassBothWays()
    {
        using var upstream = new TcpListener(IPAddress.Loopback, 0);
        upstream.Start();
        var time = new FakeTimeProvider();
        using var relay = FirstAnswerRelay.Start(((IPEndPoint)upstream.LocalEndpoint).Port, time);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, relay.Port);
        using var server = await upstream.AcceptTcpClientAsync();
        var fromClient = client.GetStream();
        var toClient = server.GetStream();

        await fromClient.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/stream"));
        Assert.Equal("POST /v1/stream", await ReadAsync(toClient, 15));
        Assert.Null(relay.FirstAnswer);

        time.Advance(TimeSpan.FromMilliseconds(40));
        var answeredAt = time.GetTimestamp();
        await toClient.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK"));
        Assert.Equal("HTTP/1.1 200 OK", await ReadAsync(fromClient, 15));
        time.Advance(TimeSpan.FromMilliseconds(10));
        await toClient.WriteAsync(Encoding.ASCII.GetBytes("more"));
        Assert.Equal("more", await ReadAsync(fromClient, 4));

        Assert.Equal(answeredAt, relay.FirstAnswer);
    }

    private static async Task<string> ReadAsync(NetworkStream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer);
    }
}
