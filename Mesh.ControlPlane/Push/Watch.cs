namespace Mesh.ControlPlane.Push;

/// <summary>
/// A latest-value watch (linkerd's <c>watch</c> channel, Go's "broadcast the newest"): one writer publishes,
/// any number of readers wait for "something newer than what I saw". A reader that falls behind skips
/// straight to the newest value, so a slow reader never holds up the writer or the other readers.
/// </summary>
/// <remarks>
/// Hand-written because neither <c>System.Threading.Channels</c> (one reader per item) nor Rx (a package
/// for one class) gives broadcast-of-latest.
/// </remarks>
internal sealed class Watch<T>
    where T : class
{
    private State _state;

    public Watch(T initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _state = new State(initial, NewSource());
    }

    /// <summary>The newest value.</summary>
    public T Current => Volatile.Read(ref _state).Value;

    /// <summary>Makes <paramref name="value"/> the newest and wakes every waiting reader.</summary>
    public void Publish(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var previous = Interlocked.Exchange(ref _state, new State(value, NewSource()));
        previous.Next.TrySetResult(value);
    }

    /// <summary>Completes with the newest value once it is not <paramref name="seen"/> (at once if it already is not).</summary>
    public Task<T> WaitForChangeAsync(T seen)
    {
        var state = Volatile.Read(ref _state);
        return ReferenceEquals(state.Value, seen) ? state.Next.Task : Task.FromResult(state.Value);
    }

    // Continuations run on the thread pool, never inline in Publish: a reader cannot stall the writer.
    private static TaskCompletionSource<T> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record State(T Value, TaskCompletionSource<T> Next);
}
