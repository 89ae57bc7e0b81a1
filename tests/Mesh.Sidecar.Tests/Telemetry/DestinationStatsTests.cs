using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Tests.Telemetry;

public sealed class DestinationStatsTests
{
    [Fact]
    public void Read_NoRequests_IsEmpty()
    {
        var stats = new DestinationStats("reviews").Read();

        Assert.Equal(0, stats.Requests);
        Assert.Empty(stats.ResponseCodes);
        Assert.Empty(stats.ResponseFlags);
    }

    [Fact]
    public void Record_MixedResponses_CountsByClassAndFlag()
    {
        var stats = new DestinationStats("reviews");

        stats.Record(200, ResponseFlag.None);
        stats.Record(204, ResponseFlag.None);
        stats.Record(302, ResponseFlag.None);
        stats.Record(404, ResponseFlag.None);
        stats.Record(503, ResponseFlag.NoHealthyUpstream);
        stats.Record(502, ResponseFlag.UpstreamConnectionFailure);
        stats.Record(0, ResponseFlag.DownstreamConnectionTermination);
        var read = stats.Read();

        Assert.Equal(7, read.Requests);
        Assert.Equal(2, read.ResponseCodes["2xx"]);
        Assert.Equal(1, read.ResponseCodes["3xx"]);
        Assert.Equal(1, read.ResponseCodes["4xx"]);
        Assert.Equal(2, read.ResponseCodes["5xx"]);
        Assert.Equal(1, read.ResponseCodes["other"]);
        Assert.Equal(1, read.ResponseFlags["UH"]);
        Assert.Equal(1, read.ResponseFlags["UF"]);
        Assert.Equal(1, read.ResponseFlags["DC"]);
        Assert.False(read.ResponseFlags.ContainsKey("-"));
    }

    [Fact]
    public async Task Record_ConcurrentRequests_LosesNoCount()
    {
        var stats = new DestinationStats("reviews");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                stats.Record(200, ResponseFlag.None);
            }
        })));

        Assert.Equal(40_000, stats.Read().Requests);
        Assert.Equal(40_000, stats.Read().ResponseCodes["2xx"]);
    }
}
