namespace Mesh.Testing;

/// <summary>Waits for a condition with a generous deadline, polling: tests assert outcomes, never timings.</summary>
public static class Eventually
{
    /// <summary>The default deadline: long enough for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(s_poll);
        }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="interval"/> (50 ms unless given) until it holds, for as
    /// long as <paramref name="cancellationToken"/> allows (then <see cref="OperationCanceledException"/>): for tests
    /// whose deadline covers several steps. A condition that calls a server still starting may throw
    /// <see cref="HttpRequestException"/>; that counts as "not yet".
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet: keep polling until the token says stop.
            }

            await Task.Delay(interval ?? s_poll, cancellationToken);
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);
    }
}
