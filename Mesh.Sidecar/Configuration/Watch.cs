namespace Mesh.Sidecar.Configuration;

/// <summary>
/// The latest value of something pushed (a compiled snapshot part), as linkerd2-proxy's watches: the control-plane
/// client publishes whole immutable values, and a reader takes <see cref="Current"/> once per request or connection, so
/// it sees the old value or the new one, never a mix.
/// </summary>
/// <typeparam name="T">An immutable compiled model.</typeparam>
internal sealed class Watch<T>(T initial)
    where T : class
{
    private T _current = initial;

    /// <summary>The value in force.</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>Puts a new value in force with one reference write.</summary>
    public void Publish(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Volatile.Write(ref _current, value);
    }
}
