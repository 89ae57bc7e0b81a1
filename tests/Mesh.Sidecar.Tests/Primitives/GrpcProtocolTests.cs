using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Primitives;

/// <summary>gRPC as Envoy reads it: which requests are gRPC, their deadlines, and the status of a local reply.</summary>
public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc+json", true)]
    [InlineData("Application/GRPC", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/grpc-web+proto", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpcContentType_GrpcAndItsCodecs_NotGrpcWeb(string? contentType, bool expected) =>
        Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));

    [Theory]
    [InlineData("2H", 2 * 3_600_000.0)]
    [InlineData("3M", 3 * 60_000.0)]
    [InlineData("5S", 5_000.0)]
    [InlineData("250m", 250.0)]
    [InlineData("1500u", 2.0)] // Envoy rounds micro- and nanoseconds up to a whole millisecond.
    [InlineData("1000u", 1.0)]
    [InlineData("1n", 1.0)]
    [InlineData("2000000n", 2.0)]
    [InlineData("99999999S", 99_999_999_000.0)]
    public void TryParseTimeout_EveryUnitOfTheSpecification_Reads(string value, double milliseconds)
    {
        Assert.True(GrpcProtocol.TryParseTimeout(value, out var timeout));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("100")] // no unit
    [InlineData("100s")] // units are case-sensitive: s is not S
    [InlineData("100x")]
    [InlineData("123456789m")] // more than 8 digits
    [InlineData("-5m")]
    [InlineData("+5m")]
    [InlineData(" 5m")]
    [InlineData("1.5S")]
    [InlineData("0m")] // Envoy reads zero as no deadline
    [InlineData(null)]
    public void TryParseTimeout_WhatEnvoyIgnores_IsNoDeadline(string? value) =>
        Assert.False(GrpcProtocol.TryParseTimeout(value, out _));

    [Theory]
    [InlineData(400, 13)]
    [InlineData(401, 16)]
    [InlineData(403, 7)]
    [InlineData(404, 12)]
    [InlineData(429, 14)]
    [InlineData(502, 14)]
    [InlineData(503, 14)]
    [InlineData(504, 14)]
    [InlineData(500, 2)]
    [InlineData(555, 2)]
    [InlineData(200, 2)]
    public void FromHttpStatus_AsEnvoyMapsALocalReply(int httpStatus, int expected) =>
        Assert.Equal((GrpcStatus)expected, GrpcProtocol.FromHttpStatus(httpStatus));

    [Theory]
    [InlineData("no healthy upstream", "no healthy upstream")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("café", "caf%C3%A9")]
    public void EncodeMessage_PercentEncodesWhatIsNotPrintableAscii(string message, string expected) =>
        Assert.Equal(expected, GrpcProtocol.EncodeMessage(message));

    [Fact]
    public void EncodeMessage_NothingToEncode_IsTheSameString()
    {
        const string message = "upstream request timeout";

        Assert.Same(message, GrpcProtocol.EncodeMessage(message));
    }
}
