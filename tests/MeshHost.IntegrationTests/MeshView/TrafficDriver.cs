namespace MeshHost.IntegrationTests.MeshView;

/// <summary>Loads the product page through the gateway in a loop, at a pace the test changes, until disposed.</summary>
internal sealed class TrafficDriver : IAsyncDisposable
{
    private readonly HttpClient _gateway;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile int _pauseMs;

    public TrafficDriver(HttpClient gateway, TimeSpan pause)
    {
        _gateway = gateway;
        Pace = pause;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The pause between pages; <see cref="Timeout.InfiniteTimeSpan"/> stops the traffic.</summary>
    public TimeSpan Pace
    {
        get => TimeSpan.FromMilliseconds(_pauseMs);
        set => _pauseMs = (int)value.TotalMilliseconds;
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var pause = _pauseMs;
            if (pause >= 0)
            {
                try
                {
                    using var response = await _gateway.GetAsync(new Uri("/productpage", UriKind.Relative), _stop.Token);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !_stop.IsCancellationRequested))
                {
                    // A refused or failed page is traffic too: the graph shows it.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(pause >= 0 ? pause : 200, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
