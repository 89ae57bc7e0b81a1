namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// What the sidecar knows of its link to the control plane (for <c>/readyz</c> and the reporter), and the
/// switch that makes the stream client drop its stream and register again.
/// </summary>
internal sealed class ControlPlaneState(TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private bool _connected;
    private DateTimeOffset? _lastContact;
    private DateTimeOffset? _unreachableSince = time.GetUtcNow();
    private string? _lastError;
    private CancellationTokenSource _reconnect = new();

    /// <summary>Whether a stream is open now.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connected;
            }
        }
    }

    /// <summary>A consistent read of the link's state.</summary>
    public ControlPlaneStatus Read()
    {
        lock (_lock)
        {
            return new ControlPlaneStatus(_connected, _lastContact, _connected ? null : _unreachableSince, _connected ? null : _lastError);
        }
    }

    /// <summary>A stream opened.</summary>
    public void OnConnected()
    {
        lock (_lock)
        {
            _connected = true;
            _lastContact = time.GetUtcNow();
            _unreachableSince = null;
            _lastError = null;
        }
    }

    /// <summary>A line (snapshot or ping) arrived.</summary>
    public void OnContact()
    {
        lock (_lock)
        {
            _lastContact = time.GetUtcNow();
        }
    }

    /// <summary>The stream failed or could not open.</summary>
    public void OnDisconnected(string reason)
    {
        lock (_lock)
        {
            _connected = false;
            _unreachableSince ??= time.GetUtcNow();
            _lastError = reason;
        }
    }

    /// <summary>A token the stream client watches for the current stream; cancelled by <see cref="RequestReconnect"/>.</summary>
    public CancellationToken NextStreamToken()
    {
        lock (_lock)
        {
            if (_reconnect.IsCancellationRequested)
            {
                _reconnect.Dispose();
                _reconnect = new CancellationTokenSource();
            }

            return _reconnect.Token;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _reconnect.Dispose();
        }
    }

    /// <summary>Makes the stream client drop the current stream and register again (the control plane forgot us).</summary>
    public void RequestReconnect()
    {
        lock (_lock)
        {
            _reconnect.Cancel();
        }
    }
}

/// <summary>A read of <see cref="ControlPlaneState"/>.</summary>
/// <param name="Connected">Whether a stream is open.</param>
/// <param name="LastContact">When the control plane last sent anything.</param>
/// <param name="UnreachableSince">Since when no stream is open (null while connected).</param>
/// <param name="LastError">Why the last attempt failed (null while connected).</param>
internal sealed record ControlPlaneStatus(bool Connected, DateTimeOffset? LastContact, DateTimeOffset? UnreachableSince, string? LastError);
