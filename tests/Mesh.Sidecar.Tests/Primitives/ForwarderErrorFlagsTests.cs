using System.Net.Http;
using System.Net.Sockets;
using Mesh.Sidecar.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Tests.Primitives;

public sealed class ForwarderErrorFlagsTests
{
    [Theory]
    [InlineData(ForwarderError.None, "-")]
    [InlineData(ForwarderError.RequestTimedOut, "UT")]
    [InlineData(ForwarderError.RequestCreation, "DPE")]
    [InlineData(ForwarderError.ResponseHeaders, "UPE")]
    [InlineData(ForwarderError.NoAvailableDestinations, "UH")]
    [InlineData(ForwarderError.UpgradeActivityTimeout, "SI")]
    [InlineData(ForwarderError.RequestBodyDestination, "UC")]
    [InlineData(ForwarderError.ResponseBodyDestination, "UC")]
    [InlineData(ForwarderError.UpgradeRequestDestination, "UC")]
    [InlineData(ForwarderError.UpgradeResponseDestination, "UC")]
    [InlineData(ForwarderError.RequestCanceled, "DC")]
    [InlineData(ForwarderError.RequestBodyCanceled, "DC")]
    [InlineData(ForwarderError.RequestBodyClient, "DC")]
    [InlineData(ForwarderError.ResponseBodyCanceled, "DC")]
    [InlineData(ForwarderError.ResponseBodyClient, "DC")]
    [InlineData(ForwarderError.UpgradeRequestCanceled, "DC")]
    [InlineData(ForwarderError.UpgradeRequestClient, "DC")]
    [InlineData(ForwarderError.UpgradeResponseCanceled, "DC")]
    [InlineData(ForwarderError.UpgradeResponseClient, "DC")]
    public void Map_Error_GivesEnvoyFlag(ForwarderError error, string expected) =>
        Assert.Equal(expected, ResponseFlags.ToEnvoy(ForwarderErrorFlags.Map(error, exception: null)));

    [Fact]
    public void Map_RequestErrorFromRefusedConnection_IsUpstreamConnectionFailure()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)",
            new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(ResponseFlag.UpstreamConnectionFailure, ForwarderErrorFlags.Map(ForwarderError.Request, refused));
    }

    [Fact]
    public void Map_RequestErrorFromUnresolvedName_IsUpstreamConnectionFailure()
    {
        var unresolved = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known");

        Assert.Equal(ResponseFlag.UpstreamConnectionFailure, ForwarderErrorFlags.Map(ForwarderError.Request, unresolved));
    }

    [Fact]
    public void Map_RequestErrorFromResetConnection_IsUpstreamConnectionTermination()
    {
        var reset = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");

        Assert.Equal(ResponseFlag.UpstreamConnectionTermination, ForwarderErrorFlags.Map(ForwarderError.Request, reset));
    }

    [Fact]
    public void Map_RequestErrorWithoutException_IsUpstreamConnectionTermination() =>
        Assert.Equal(ResponseFlag.UpstreamConnectionTermination, ForwarderErrorFlags.Map(ForwarderError.Request, exception: null));
}
