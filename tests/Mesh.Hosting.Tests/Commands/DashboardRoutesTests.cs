using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Commands;
using Mesh.Model.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>
/// The traffic and fault commands against a fake control plane: what they apply and delete, that each keeps what the
/// other wrote, and that they refuse to override a user's VirtualService for the same host.
/// </summary>
public sealed class DashboardRoutesTests : IDisposable
{
    private readonly FakeAdminApi _api = new();
    private readonly MeshResource _mesh = FakeAdminApi.RunningMesh(TestModel.Bookinfo().BuildAndWire());

    private MeshServiceResource Reviews => _mesh.Services["reviews"];

    private RouteTarget Ratings => new(_mesh, "ratings", static () => []);

    [Fact]
    public async Task Shift_NoSubsetsInForce_WritesTheDestinationRuleToo()
    {
        _api.AnalyzeDiagnostics.Add(FakeAdminApi.Error(DiagnosticCodes.UndefinedSubset, "subset \"v3\" is not defined", kind: "VirtualService", name: "dashboard-reviews"));

        var result = await TrafficCommands.ShiftAsync(Reviews, Context((TrafficCommands.VersionInput, "v3")), _api);

        Assert.True(result.Success, result.Message);
        Assert.Contains("DestinationRule default/dashboard-reviews", result.Message, StringComparison.Ordinal);
        var body = Assert.Single(_api.Applied);
        Assert.Contains("\"kind\": \"DestinationRule\"", body, StringComparison.Ordinal);
        Assert.Contains("\"subset\": \"v3\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shift_SubsetsInForce_WritesOnlyTheVirtualService()
    {
        var result = await TrafficCommands.ShiftAsync(Reviews, Context((TrafficCommands.VersionInput, "v3")), _api);

        Assert.True(result.Success, result.Message);
        Assert.DoesNotContain("DestinationRule", Assert.Single(_api.Applied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shift_UnknownVersion_IsRefusedBeforeAnyRequest()
    {
        var result = await TrafficCommands.ShiftAsync(Reviews, Context((TrafficCommands.VersionInput, "v9")), _api);

        Assert.False(result.Success);
        Assert.Equal("Version 'v9' is not one the AppHost declared for 'reviews' (v1, v2, v3).", result.Message);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Split_Invalid_IsRefusedNamingTheInput()
    {
        var result = await TrafficCommands.SplitAsync(Reviews, Context((TrafficCommands.SplitInput, "v1=50,v3=40")), _api);

        Assert.False(result.Success);
        Assert.Contains("weights add up to 90", result.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task ClearFaults_KeepsTheShift_ResetKeepsTheFaults_BothGone_DeletesWhatWasWritten()
    {
        _api.AnalyzeDiagnostics.Add(FakeAdminApi.Error(DiagnosticCodes.UndefinedSubset, "subset \"v1\" is not defined", kind: "VirtualService", name: "dashboard-reviews"));
        var target = TrafficCommands.For(Reviews);
        await TrafficCommands.SplitAsync(Reviews, Context((TrafficCommands.SplitInput, "v1=50,v3=50")), _api);
        await FaultCommands.AbortAsync(target, Context((FaultCommands.StatusInput, "503"), (FaultCommands.PercentageInput, "100")), _api);

        var cleared = await FaultCommands.ClearAsync(target, _api, CancellationToken.None);
        var afterClear = _api.Applied.Last();
        await FaultCommands.DelayAsync(target, Context((FaultCommands.DelayInput, "2s"), (FaultCommands.PercentageInput, "50")), _api);
        var reset = await TrafficCommands.ResetAsync(Reviews, _api, CancellationToken.None);
        var afterReset = _api.Applied.Last();
        var deletesBefore = _api.Requests.Count(r => r.Request.StartsWith("DELETE", StringComparison.Ordinal));
        var gone = await FaultCommands.ClearAsync(target, _api, CancellationToken.None);

        Assert.True(cleared.Success, cleared.Message);
        Assert.Contains("\"subset\": \"v3\"", afterClear, StringComparison.Ordinal);
        Assert.DoesNotContain("\"fault\"", afterClear, StringComparison.Ordinal);
        Assert.True(reset.Success, reset.Message);
        Assert.Contains("\"fixedDelay\": \"2s\"", afterReset, StringComparison.Ordinal);
        Assert.DoesNotContain("subset", afterReset, StringComparison.Ordinal);
        // The reset no longer needs the subsets the dashboard wrote: it deleted its DestinationRule, and only that.
        Assert.Equal(1, deletesBefore);
        Assert.True(gone.Success, gone.Message);
        Assert.Equal(
            ["DELETE /v1/resources/DestinationRule/default/dashboard-reviews", "DELETE /v1/resources/VirtualService/default/dashboard-reviews"],
            _api.Requests.Where(r => r.Request.StartsWith("DELETE", StringComparison.Ordinal)).Select(r => r.Request));
    }

    [Fact]
    public async Task ClearFaults_NothingInjected_ChangesNothing()
    {
        var result = await FaultCommands.ClearAsync(Ratings, _api, CancellationToken.None);

        Assert.True(result.Success);
        Assert.StartsWith("Nothing to change", result.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Fault_UsersVirtualServiceForTheHost_IsRefusedNamingItAndItsSource()
    {
        _api.ApplyRefusal = [FakeAdminApi.Error(DiagnosticCodes.Conflict,
            "VirtualService default/ratings (mesh/ratings.yaml) and VirtualService default/dashboard-ratings both route host ratings.default.svc.cluster.local for the mesh; only one can apply: merge them",
            kind: "VirtualService", name: "dashboard-ratings")];
        _api.Resources.Add(new() { ApiVersion = "networking.istio.io/v1", Kind = "VirtualService", Namespace = "default", Name = "ratings", Source = "/apphost/mesh/ratings.yaml" });
        _api.Resources.Add(new() { ApiVersion = "networking.istio.io/v1", Kind = "DestinationRule", Namespace = "default", Name = "ratings", Source = "/apphost/mesh/ratings.yaml" });

        var result = await FaultCommands.AbortAsync(Ratings, Context((FaultCommands.StatusInput, "500"), (FaultCommands.PercentageInput, "100")), _api);

        Assert.False(result.Success);
        Assert.StartsWith("Refused: VirtualService default/ratings (from /apphost/mesh/ratings.yaml) already routes 'ratings'", result.Message, StringComparison.Ordinal);
        Assert.Contains("does not override it. Remove that resource", result.Message, StringComparison.Ordinal);
        // Refused means not written: clearing has nothing to remove.
        Assert.StartsWith("Nothing to change", (await FaultCommands.ClearAsync(Ratings, _api, CancellationToken.None)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_BadPercentage_IsRefusedNamingTheInput()
    {
        var result = await FaultCommands.DelayAsync(Ratings, Context((FaultCommands.DelayInput, "2s"), (FaultCommands.PercentageInput, "150")), _api);

        Assert.False(result.Success);
        Assert.StartsWith("Percentage '150'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlPlaneDown_SaysSo()
    {
        var mesh = FakeAdminApi.RunningMesh(TestModel.Bookinfo().BuildAndWire());
        using var refusing = new RefusingHandler();

        var result = await FaultCommands.ClearAsync(new RouteTarget(mesh, "ratings", static () => []), refusing, CancellationToken.None);
        var abort = await FaultCommands.AbortAsync(new RouteTarget(mesh, "ratings", static () => []), Context((FaultCommands.StatusInput, "500"), (FaultCommands.PercentageInput, "100")), refusing);

        Assert.True(result.Success);
        Assert.False(abort.Success);
        Assert.StartsWith("The control plane did not answer", abort.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _api.Dispose();

    internal static ExecuteCommandContext Context(params (string Name, string Value)[] arguments) => new()
    {
        ResourceName = "test",
        CancellationToken = CancellationToken.None,
        Services = new ServiceCollection().BuildServiceProvider(),
        Logger = NullLogger.Instance,
        Arguments = new InteractionInputCollection([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]),
    };

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (localhost:41234)");
    }
}
