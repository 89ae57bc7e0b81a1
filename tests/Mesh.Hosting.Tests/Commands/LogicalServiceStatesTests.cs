using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Commands;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>A logical service, which runs no process, takes its mesh's state, so its commands are enabled while the mesh runs.</summary>
public sealed class LogicalServiceStatesTests
{
    [Fact]
    public async Task MeshRunning_ThenExited_LogicalServiceFollows_AndItsCommandsWithIt()
    {
        using var app = TestModel.Bookinfo().Build();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var mesh = model.Get<MeshResource>("mesh");
        using var states = new LogicalServiceStates(model, notifications);
        await states.StartAsync(CancellationToken.None);

        await Follows(KnownResourceStates.Running);
        var running = State("reviews");
        await Follows(KnownResourceStates.Exited);

        Assert.Equal(ResourceCommandState.Enabled, CommandSupport.WhileRunning(Context(running)));
        Assert.Equal(ResourceCommandState.Disabled, CommandSupport.WhileRunning(Context(State("reviews"))));
        await states.StopAsync(CancellationToken.None);

        async Task Follows(string state) => await Eventually.WaitUntilAsync(async () =>
        {
            await notifications.PublishUpdateAsync(mesh, s => s with { State = state });
            await Task.Delay(20);
            return State("reviews").State?.Text == state;
        }, $"reviews to take the mesh's state {state}");

        CustomResourceSnapshot State(string name) =>
            notifications.TryGetCurrentState(name, out var current) ? current.Snapshot : throw new InvalidOperationException($"no state for {name}");

        UpdateCommandStateContext Context(CustomResourceSnapshot snapshot) => new() { ResourceSnapshot = snapshot, Services = app.Services };
    }
}
