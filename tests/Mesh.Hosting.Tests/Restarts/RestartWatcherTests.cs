using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Restarts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Hosting.Tests.Restarts;

/// <summary>
/// The watcher on the Bookinfo model with no process behind it: the test publishes the snapshots DCP would, and the
/// Start command is a fake that records when it was sent (in the watcher's fake time).
/// </summary>
public sealed class RestartWatcherTests
{
    [Theory]
    [InlineData("ratings-sidecar")]
    [InlineData("mesh")]
    [InlineData("gateway")]
    [InlineData("details")]
    public async Task KilledMeshProcess_IsStartedAgainAfterOneSecond_AndCountedOnTheDashboard(string resource)
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), resource);

        await harness.PublishAsync(resource, KnownResourceStates.Finished, exitCode: -1);
        await harness.WaitOutBackOffAsync(TimeSpan.FromSeconds(1));
        await harness.InFlightAsync();

        var start = Assert.Single(harness.Starts);
        Assert.Equal(resource, start.Id);
        Assert.Equal(TimeSpan.FromSeconds(1), start.At - harness.Killed);
        Assert.Equal("1", harness.Property(resource, RestartWatcher.RestartsProperty));
    }

    [Fact]
    public async Task StoppedByCommand_StaysStopped()
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), "ratings-sidecar");

        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Stopping);
        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);

        await harness.AssertNoBackOffAsync();
    }

    [Fact]
    public async Task RestartsOff_KilledSidecarStaysDead()
    {
        var builder = TestModel.Bookinfo();
        builder.CreateResourceBuilder(builder.Resources.OfType<MeshResource>().Single()).WithRestarts(false);
        await using var harness = await Harness.StartAsync(builder, "ratings-sidecar");

        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);

        await harness.AssertNoBackOffAsync();
    }

    [Fact]
    public async Task ResourceOutsideTheMesh_IsLeftAlone()
    {
        var builder = TestModel.Bookinfo();
        builder.AddApp("outsider");
        await using var harness = await Harness.StartAsync(builder, "outsider");

        await harness.PublishAsync("outsider", KnownResourceStates.Finished, exitCode: 1);

        await harness.AssertNoBackOffAsync();
    }

    [Fact]
    public async Task AppHostShuttingDown_NothingIsRestarted()
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), "ratings-sidecar");

        harness.Lifetime.StopApplication();
        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);

        await harness.AssertNoBackOffAsync();
    }

    [Fact]
    public async Task AppHostShuttingDownDuringTheBackOff_NothingIsRestarted()
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), "ratings-sidecar");
        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);
        await harness.WaitOutBackOffAsync(TimeSpan.Zero);

        harness.Lifetime.StopApplication();
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.InFlightAsync();

        Assert.Empty(harness.Starts);
    }

    [Fact]
    public async Task StartedByHandDuringTheBackOff_IsNotStartedTwice()
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), "ratings-sidecar");

        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);
        await harness.WaitOutBackOffAsync(TimeSpan.Zero);
        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Running);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.InFlightAsync();

        Assert.Empty(harness.Starts);
    }

    [Fact]
    public async Task StartRefused_IsTriedAgainTwoSecondsLater()
    {
        await using var harness = await Harness.StartAsync(TestModel.Bookinfo(), "ratings-sidecar", refuseFirst: true);

        await harness.PublishAsync("ratings-sidecar", KnownResourceStates.Finished, exitCode: -1);
        await harness.WaitOutBackOffAsync(TimeSpan.FromSeconds(1));
        await harness.WaitOutBackOffAsync(TimeSpan.FromSeconds(2));
        await harness.InFlightAsync();

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], harness.Starts.Select(s => s.At - harness.Killed));
        Assert.Equal("2", harness.Property("ratings-sidecar", RestartWatcher.RestartsProperty));
    }

    private sealed class Harness : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

        private readonly DistributedApplication _app;
        private readonly ResourceNotificationService _notifications;
        private readonly RestartWatcher _watcher;
        private readonly DistributedApplicationModel _model;

        private Harness(DistributedApplication app, bool refuseFirst)
        {
            _app = app;
            _model = app.Services.GetRequiredService<DistributedApplicationModel>();
            _notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            Lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var refusals = refuseFirst ? 1 : 0;
            _watcher = new RestartWatcher(
                _model,
                _notifications,
                app.Services.GetRequiredService<ResourceLoggerService>(),
                Lifetime,
                Time,
                (id, _) =>
                {
                    Starts.Enqueue((id, Time.GetUtcNow()));
                    return Task.FromResult(Interlocked.Decrement(ref refusals) >= 0
                        ? new ExecuteCommandResult { Success = false, Message = "refused for the test" }
                        : new ExecuteCommandResult { Success = true });
                },
                NullLogger<RestartWatcher>.Instance);
        }

        public TimerCountingClock Time { get; } = new();

        public IHostApplicationLifetime Lifetime { get; }

        public ConcurrentQueue<(string Id, DateTimeOffset At)> Starts { get; } = new();

        public DateTimeOffset Killed { get; private set; }

        /// <summary>Starts the watcher with <paramref name="running"/> already running, as DCP reports it.</summary>
        public static async Task<Harness> StartAsync(IDistributedApplicationBuilder builder, string running, bool refuseFirst = false)
        {
            var harness = new Harness(builder.Build(), refuseFirst);
            await harness.PublishAsync(running, KnownResourceStates.Running);
            await harness._watcher.StartAsync(CancellationToken.None);
            await harness._watcher.Watching.WaitAsync(Patience);
            return harness;
        }

        public async Task PublishAsync(string name, string state, int? exitCode = null)
        {
            var now = Time.GetUtcNow().UtcDateTime;
            if (KnownResourceStates.TerminalStates.Contains(state))
            {
                Killed = Time.GetUtcNow();
            }

            var resource = _model.Resources.Single(r => r.Name == name);
            await _notifications.PublishUpdateAsync(resource, s => s with
            {
                State = state,
                ExitCode = exitCode,
                StartTimeStamp = state == KnownResourceStates.Running ? now : s.StartTimeStamp,
                StopTimeStamp = exitCode is null ? null : now,
            });
        }

        /// <summary>Waits until the watcher has begun a back-off, then moves fake time on by <paramref name="wait"/>.</summary>
        public async Task WaitOutBackOffAsync(TimeSpan wait)
        {
            Assert.True(await Time.Timers.WaitAsync(Patience), "the watcher began no back-off");
            Time.Advance(wait);
        }

        /// <summary>Asserts that the watcher begins no back-off, so starts nothing, within a moment.</summary>
        public async Task AssertNoBackOffAsync()
        {
            // A back-off begins within milliseconds of the snapshot; waiting longer only proves the same.
            Assert.False(await Time.Timers.WaitAsync(TimeSpan.FromMilliseconds(300)), "the watcher began a back-off");
            Assert.Empty(Starts);
        }

        public Task InFlightAsync() => _watcher.InFlightAsync().WaitAsync(Patience);

        public string? Property(string resource, string name) =>
            _notifications.TryGetCurrentState(resource, out var state)
                ? state.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString()
                : null;

        public async ValueTask DisposeAsync()
        {
            await _watcher.StopAsync(CancellationToken.None);
            _watcher.Dispose();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Fake time that says each time a timer is made: the watcher's back-off is one <c>Task.Delay</c>.</summary>
    private sealed class TimerCountingClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
        public SemaphoreSlim Timers { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Timers.Release();
            return timer;
        }
    }
}
