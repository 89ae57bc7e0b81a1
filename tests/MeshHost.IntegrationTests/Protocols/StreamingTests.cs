using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>
/// Streamed responses through the mesh (issue 13, item 4): streams writes events a second apart, each flushed and stamped
/// with its writing time; the frontend relays them as they arrive through its sidecar, mutual TLS and streams' sidecar.
/// The first must reach the test before the last is written: a hop that buffered the response would hold it back.
/// </summary>
[Collection(ProtocolsTestGroup.Name)]
public sealed partial class StreamingTests(ProtocolsFixture fixture, ITestOutputHelper output)
{
    private const int Events = 5;

    [Fact]
    public async Task ServerSentEvents_ThroughBothSidecars_TheFirstArrivesBeforeTheLastIsWritten()
    {
        var pieces = await ReadAsync("/sse/relay", line => line.StartsWith("data: ", StringComparison.Ordinal)
            ? JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("writtenAt").GetInt64()
            : null);

        AssertStreamed(pieces);
    }

    [Fact]
    public async Task ChunkedResponse_ThroughBothSidecars_TheFirstChunkArrivesBeforeTheLastIsWritten()
    {
        var pieces = await ReadAsync("/chunked/relay", line => ChunkLine().Match(line) is { Success: true } match
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null);

        AssertStreamed(pieces);
    }

    /// <summary>
    /// Reads the relayed stream line by line, noting for each piece (a line <paramref name="writtenAt"/> reads a time
    /// from) when streams wrote it and when it arrived here, both in Unix milliseconds on this machine's clock.
    /// </summary>
    private async Task<List<(long WrittenAt, long ArrivedAt)>> ReadAsync(string path, Func<string, long?> writtenAt)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"{path}?count={Events}&gapMs=1000");
        // The first call of a Debug app's path is slow and the relay may not be routed yet; time only a warm one.
        var (status, body) = await fixture.GetUntilOkAsync(string.Create(CultureInfo.InvariantCulture, $"{path}?count=1&gapMs=0"));
        Assert.True(status == HttpStatusCode.OK, $"{path} answered {(int)status}: {body}");

        using var response = await fixture.Frontend.GetAsync(new Uri(query, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var pieces = new List<(long, long)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (writtenAt(line) is { } written)
            {
                pieces.Add((written, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }
        }

        foreach (var (written, arrived) in pieces)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written at {written}, arrived at {arrived} (+{arrived - written} ms)"));
        }

        return pieces;
    }

    private static void AssertStreamed(List<(long WrittenAt, long ArrivedAt)> pieces)
    {
        Assert.Equal(Events, pieces.Count);
        var first = pieces[0];
        var last = pieces[^1];
        Assert.True(first.ArrivedAt < last.WrittenAt,
            $"the first piece arrived at {first.ArrivedAt}, not before the last was written at {last.WrittenAt}: a hop buffered the response");
    }

    [GeneratedRegex("^chunk [0-9]+ of [0-9]+ written at ([0-9]+)$")]
    private static partial Regex ChunkLine();
}
