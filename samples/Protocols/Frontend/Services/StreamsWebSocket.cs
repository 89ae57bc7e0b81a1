using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.ServiceDiscovery;

namespace Protocols.Frontend.Services;

/// <summary>
/// A WebSocket to streams' <c>/ws/echo</c>, at the address service discovery gives for <c>http://streams</c> (with the
/// mesh: this app's sidecar). <see cref="ClientWebSocket"/> is no <c>HttpClient</c>, so it resolves the name itself.
/// </summary>
internal sealed class StreamsWebSocket(ServiceEndpointResolver resolver)
{
    /// <summary>Opens the socket, reads streams' greeting (who it saw calling), sends <paramref name="messages"/> messages and reads their echoes.</summary>
    public async Task<WebSocketRelayOutcome> EchoAsync(int messages, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(await EchoUriAsync(cancellationToken), cancellationToken);
        var greeting = JsonSerializer.Deserialize<EchoGreeting>(await ReceiveTextAsync(socket, cancellationToken), JsonSerializerOptions.Web)
            ?? throw new WebSocketException("streams' first message was not its greeting");

        var sent = new List<string>();
        var received = new List<string>();
        for (var i = 1; i <= messages; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"message {i} of {messages}");
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            sent.Add(text);
            received.Add(await ReceiveTextAsync(socket, cancellationToken));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        return new WebSocketRelayOutcome(greeting.ClientCertificate, sent, received);
    }

    private async Task<Uri> EchoUriAsync(CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync("http://streams", cancellationToken);
        var endpoint = source.Endpoints.Count > 0
            ? source.Endpoints[0].EndPoint
            : throw new InvalidOperationException("Service discovery has no endpoint for http://streams (is the app given a reference to streams?).");
        var authority = endpoint switch
        {
            UriEndPoint uri => uri.Uri.Authority,
            DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
            IPEndPoint ip => ip.ToString(),
            _ => throw new InvalidOperationException($"Service discovery gave http://streams an endpoint of an unknown kind: {endpoint}"),
        };
        return new Uri($"ws://{authority}/ws/echo");
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"streams closed the socket ({result.CloseStatus}: {result.CloseStatusDescription}) before answering");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
    }

    private sealed record EchoGreeting(string ClientCertificate);
}

/// <summary>What streams saw calling (its <c>x-forwarded-client-cert</c>; empty: none), and the messages sent and echoed.</summary>
internal sealed record WebSocketRelayOutcome(string ClientCertificate, IReadOnlyList<string> Sent, IReadOnlyList<string> Received);
