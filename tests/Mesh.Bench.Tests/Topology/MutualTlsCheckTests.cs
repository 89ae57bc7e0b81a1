using System.Net;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests.Topology;

public sealed class MutualTlsCheckTests
{
    private const string Hash = "7f10cadda20ead51998c06a4bc5287cba3ef3f78b007752f5bb9738409997302";
    private static readonly MutualTlsPair s_pair = MutualTlsPair.Create(BenchPath.Mtls);
    private static readonly string s_xfcc = $"By={s_pair.CalleeIdentity};Hash={Hash};Subject=\"\";URI={s_pair.CallerIdentity}";
    private static readonly Uri s_admin = new("http://127.0.0.1:1/");
    private static readonly Uri s_target = new("http://127.0.0.1:2/");

    [Fact]
    public async Task VerifyAsync_SnapshotAndHopMutualTls_ReturnsWhatItSaw()
    {
        using var http = Stub(calleeMutualTls: true, callerMutualTls: true, xfcc: s_xfcc);

        var seen = await VerifyAsync(http);

        Assert.Contains("backend-mtls mutualTls=true", seen, StringComparison.Ordinal);
        Assert.Contains(s_xfcc, seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CalleeNotMarkedMutualTls_FailsTheRun()
    {
        using var http = Stub(calleeMutualTls: false, callerMutualTls: true, xfcc: s_xfcc);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VerifyAsync(http));

        Assert.Contains("not mutual TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("backend-mtls mutualTls=false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CallerWithoutCertificate_FailsTheRun()
    {
        using var http = Stub(calleeMutualTls: true, callerMutualTls: false, xfcc: s_xfcc);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VerifyAsync(http));

        Assert.Contains("client-mtls mutualTls=false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SnapshotMarkedButHopPlainText_FailsTheRun()
    {
        using var http = Stub(calleeMutualTls: true, callerMutualTls: true, xfcc: "");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VerifyAsync(http));

        Assert.Contains("no x-forwarded-client-cert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsFromCallerToCallee_HeaderAsTheCalleeSidecarWritesIt_IsTrue() =>
        Assert.True(MutualTlsCheck.IsFromCallerToCallee(
            $"By={s_pair.CalleeIdentity};Hash={Hash};Subject=\"\";URI={s_pair.CallerIdentity}", s_pair));

    [Fact]
    public void IsFromCallerToCallee_NoHeader_IsFalse() => Assert.False(MutualTlsCheck.IsFromCallerToCallee(null, s_pair));

    [Fact]
    public void IsFromCallerToCallee_IdentitiesSwapped_IsFalse() =>
        Assert.False(MutualTlsCheck.IsFromCallerToCallee(
            $"By={s_pair.CallerIdentity};Hash={Hash};Subject=\"\";URI={s_pair.CalleeIdentity}", s_pair));

    [Fact]
    public void IsFromCallerToCallee_AnotherCaller_IsFalse() =>
        Assert.False(MutualTlsCheck.IsFromCallerToCallee(
            $"By={s_pair.CalleeIdentity};Hash={Hash};Subject=\"\";URI=spiffe://cluster.local/ns/default/sa/client", s_pair));

    [Fact]
    public void IsFromCallerToCallee_NoCertificateHash_IsFalse() =>
        Assert.False(MutualTlsCheck.IsFromCallerToCallee($"By={s_pair.CalleeIdentity};Subject=\"\";URI={s_pair.CallerIdentity}", s_pair));

    [Fact]
    public void ControlPlaneVariables_DeclaresBothWorkloadsWithTheirOwnTokens()
    {
        var pair = MutualTlsPair.Create(BenchPath.GrpcMtls);

        var variables = pair.ControlPlaneVariables(first: 1).ToDictionary();

        Assert.Equal("backend-grpc-mtls", variables["Mesh__ControlPlane__Workloads__1__Name"]);
        Assert.Equal(pair.CalleeToken, variables["Mesh__ControlPlane__Workloads__1__Token"]);
        Assert.Equal("client-grpc-mtls", variables["Mesh__ControlPlane__Workloads__2__Name"]);
        Assert.Equal(pair.CallerToken, variables["Mesh__ControlPlane__Workloads__2__Token"]);
        Assert.NotEqual(pair.CalleeToken, pair.CallerToken);
        // The control plane refuses tokens shorter than 16 characters.
        Assert.All(new[] { pair.CalleeToken, pair.CallerToken }, token => Assert.True(token.Length >= 16));
    }

    private static async Task<string> VerifyAsync(HttpClient http)
    {
        // Stand-ins for the two sidecars: the check only asks whether they are still running and what they wrote.
        using var caller = ChildProcess.Start("caller", "sleep", ["30"], []);
        using var callee = ChildProcess.Start("callee", "sleep", ["30"], []);
        return await MutualTlsCheck.VerifyAsync(http, s_pair, s_admin, s_target, caller, callee, TimeSpan.Zero, CancellationToken.None);
    }

    /// <summary>The caller's admin /config (its snapshot's two services) and the backend's echo of x-forwarded-client-cert.</summary>
    private static HttpClient Stub(bool calleeMutualTls, bool callerMutualTls, string xfcc) => new(new StubHandler(request =>
        request.RequestUri!.AbsolutePath == "/config"
            ? $$$"""
              {"settings": {}, "snapshot": {"version": "7", "services": [
                {"name": "{{{s_pair.CalleeWorkload}}}", "endpoints": [{"workload": "{{{s_pair.CalleeWorkload}}}", "mutualTls": {{{(calleeMutualTls ? "true" : "false")}}}}]},
                {"name": "{{{s_pair.CallerWorkload}}}", "endpoints": [{"workload": "{{{s_pair.CallerWorkload}}}", "mutualTls": {{{(callerMutualTls ? "true" : "false")}}}}]}]}}
              """
            : xfcc));

    private sealed class StubHandler(Func<HttpRequestMessage, string> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer(request)) });
    }
}
