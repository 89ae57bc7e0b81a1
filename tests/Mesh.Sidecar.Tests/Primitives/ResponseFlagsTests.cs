using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Primitives;

public sealed class ResponseFlagsTests
{
    [Theory]
    [InlineData(nameof(ResponseFlag.None), "-")]
    [InlineData(nameof(ResponseFlag.NoHealthyUpstream), "UH")]
    [InlineData(nameof(ResponseFlag.UpstreamConnectionFailure), "UF")]
    [InlineData(nameof(ResponseFlag.UpstreamRequestTimeout), "UT")]
    [InlineData(nameof(ResponseFlag.UpstreamConnectionTermination), "UC")]
    [InlineData(nameof(ResponseFlag.UpstreamProtocolError), "UPE")]
    [InlineData(nameof(ResponseFlag.DownstreamConnectionTermination), "DC")]
    [InlineData(nameof(ResponseFlag.DownstreamProtocolError), "DPE")]
    [InlineData(nameof(ResponseFlag.StreamIdleTimeout), "SI")]
    public void ToEnvoy_Flag_UsesEnvoySpelling(string flag, string expected) =>
        Assert.Equal(expected, ResponseFlags.ToEnvoy(Enum.Parse<ResponseFlag>(flag)));

    [Fact]
    public void ToEnvoy_EveryFlag_HasADistinctSpelling()
    {
        var names = Enum.GetValues<ResponseFlag>().Select(ResponseFlags.ToEnvoy).ToArray();

        Assert.Equal(ResponseFlags.Count, names.Length);
        Assert.Equal(names.Length, names.Distinct().Count());
    }
}
