using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Tests.Compilation;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>
/// <c>fault.abort.grpcStatus</c>: Istio's gRPC status names are read and compiled, anything else is refused naming the
/// field and what was meant, and it excludes <c>httpStatus</c> as Istio's abort takes one of them.
/// </summary>
public sealed class GrpcFaultValidationTests
{
    [Fact]
    public void Read_GrpcStatus_IsReadWithoutAWarning()
    {
        var read = ResourceReader.Read(Route("abort: {grpcStatus: UNAVAILABLE, percentage: {value: 50}}"), "test.yaml");

        Assert.Empty(read.Diagnostics);
        var route = Assert.IsType<VirtualService>(Assert.Single(read.Resources)).Spec.Http[0];
        Assert.Equal(("UNAVAILABLE", null, 50.0), (route.Fault!.Abort!.GrpcStatus, route.Fault.Abort.HttpStatus, route.Fault.Abort.Percentage));
    }

    [Theory]
    [InlineData("OK", 0)]
    [InlineData("CANCELLED", 1)]
    [InlineData("DEADLINE_EXCEEDED", 4)]
    [InlineData("RESOURCE_EXHAUSTED", 8)]
    [InlineData("UNAVAILABLE", 14)]
    [InlineData("UNAUTHENTICATED", 16)]
    public void Compile_GrpcStatus_IsItsNumberWithHttp200(string name, int code)
    {
        var yaml = Route($"abort: {{grpcStatus: {name}, percentage: {{value: 100}}}}");
        Assert.Empty(Analyze.Errors(yaml));

        var abort = Compile.Yaml("productpage", yaml).Destination("reviews").Routes[0].Fault!.Abort!;

        Assert.Equal((200, (int?)code, 100.0), (abort.HttpStatus, abort.GrpcStatus, abort.Percentage));
    }

    [Fact]
    public void Compile_HttpStatus_HasNoGrpcStatus()
    {
        var abort = Compile.Yaml("productpage", Route("abort: {httpStatus: 503, percentage: {value: 100}}")).Destination("reviews").Routes[0].Fault!.Abort!;

        Assert.Equal((503, (int?)null), (abort.HttpStatus, abort.GrpcStatus));
    }

    [Theory]
    [InlineData("unavailable", "\"unavailable\" is not a gRPC status (did you mean UNAVAILABLE? Names are written in capitals)")]
    [InlineData("\"14\"", "\"14\" is not a gRPC status (name the status, not its number: UNAVAILABLE)")]
    [InlineData("CANCELED", "\"CANCELED\" is not a gRPC status (one of OK, CANCELLED, UNKNOWN,")]
    public void Validate_UnknownGrpcStatus_IsRefusedNamingWhatWasMeant(string value, string expected)
    {
        var error = Assert.Single(Analyze.Errors(Route($"abort: {{grpcStatus: {value}, percentage: {{value: 100}}}}")));

        Assert.Equal((DiagnosticCodes.InvalidValue, "spec.http[0].fault.abort.grpcStatus"), (error.Code, error.Path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpAndGrpcStatus_ExcludeEachOther()
    {
        var error = Assert.Single(Analyze.Errors(Route("abort: {httpStatus: 503, grpcStatus: UNAVAILABLE, percentage: {value: 100}}")));

        Assert.Equal(("spec.http[0].fault.abort.grpcStatus", "httpStatus and grpcStatus exclude each other (Istio's abort takes one)"), (error.Path, error.Message));
    }

    [Fact]
    public void Validate_AbortWithNeitherStatus_IsRefused()
    {
        var error = Assert.Single(Analyze.Errors(Route("abort: {percentage: {value: 100}}")));

        Assert.Equal((DiagnosticCodes.MissingField, "spec.http[0].fault.abort.httpStatus", "required: httpStatus or grpcStatus"), (error.Code, error.Path, error.Message));
    }

    [Fact]
    public void Read_Http2Error_IsStillReportedUnsupported()
    {
        var warning = Assert.Single(ResourceReader.Read(Route("abort: {http2Error: REFUSED_STREAM, grpcStatus: UNAVAILABLE}"), "test.yaml").Diagnostics);

        Assert.Equal((DiagnosticCodes.UnsupportedField, "spec.http[0].fault.abort.http2Error"), (warning.Code, warning.Path));
    }

    [Fact]
    public void GrpcStatusCodes_NameEveryStatusOfGrpc_InOrder() =>
        Assert.Equal(17, GrpcStatusCodes.Names.Select((name, i) => GrpcStatusCodes.TryGet(name, out var code) && code == i).Count(ok => ok));

    private static string Route(string fault) => Analyze.ReviewsRoute("fault: {" + fault + "}");
}
