using Mesh.Sidecar.ControlPlane;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>The hand-read HealthCheckResponse: gRPC's framing, then protobuf's field 1 (<c>status</c>).</summary>
public sealed class GrpcHealthProbeParsingTests
{
    [Theory]
    [InlineData("00 00000002 0801", 1)] // SERVING
    [InlineData("00 00000002 0802", 2)] // NOT_SERVING
    [InlineData("00 00000000", 0)] // status left out at its default: UNKNOWN
    [InlineData("00 00000009 12035858580A00 0801", 1)] // unknown length-delimited and varint fields are skipped
    [InlineData("00 0000000A 1D01020304 0803 08FF01", 255)] // a 32-bit field skipped; the last status wins; a two-byte varint
    public void ServingStatus_ReadsTheStatusField(string hex, int expected) =>
        Assert.Equal(expected, GrpcHealthProbe.ServingStatus(Bytes(hex)));

    [Theory]
    [InlineData("")]
    [InlineData("00 000000")] // a frame header cut short
    [InlineData("01 00000002 0801")] // compressed: the probe asked for none
    [InlineData("00 00000005 0801")] // a message longer than the frame
    [InlineData("00 00000002 08FF")] // a varint cut short
    [InlineData("00 00000001 0F")] // wire type 7 does not exist
    public void ServingStatus_WhatDoesNotRead_IsNull(string hex) =>
        Assert.Null(GrpcHealthProbe.ServingStatus(Bytes(hex)));

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
