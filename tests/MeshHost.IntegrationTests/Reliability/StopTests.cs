using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>
/// The other side of the mesh's restarts (<see cref="KillTests"/>): a process a person stopped (the dashboard's Stop,
/// here through <see cref="ResourceCommandService"/>) stays stopped, as a pod someone deleted is not brought back.
/// </summary>
[Collection(BookinfoUnderFaults.Name)]
[Trait("Category", "Reliability")]
public sealed class StopTests(FaultsFixture fixture)
{
    /// <summary>Five times the first restart's back-off: a restart, had the mesh planned one, would have begun.</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("reviews-v3")]
    [InlineData("reviews-v3-sidecar")]
    public async Task StopCommand_IsObeyed_TheMeshDoesNotStartItAgain(string resource)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        var restartsBefore = fixture.ResourceProperty(resource, "mesh.restarts");

        var stop = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancel.Token);
        Assert.True(stop.Success, stop.Message);
        try
        {
            await fixture.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, cancel.Token);
            await Task.Delay(Watch, cancel.Token);

            fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var state);
            Assert.Contains(state?.Snapshot.State?.Text, KnownResourceStates.TerminalStates);
            Assert.Equal(restartsBefore, fixture.ResourceProperty(resource, "mesh.restarts"));
        }
        finally
        {
            var start = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancel.Token);
            Assert.True(start.Success, start.Message);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancel.Token);
            // Back as before for the next test: every workload serving through the mesh again.
            await Eventually.WaitUntilAsync(async () =>
            {
                var serving = (await fixture.GetRegistryAsync(cancel.Token)).Select(e => e.Registration.Workload).ToHashSet(StringComparer.Ordinal);
                return BookinfoFixture.Proxies.All(serving.Contains);
            }, cancel.Token, BookinfoFixture.PollInterval);
        }
    }
}
