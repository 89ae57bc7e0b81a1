namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Circuit breaking for one cluster, as Envoy's <c>circuit_breakers</c> <c>max_requests</c> and
/// <c>max_pending_requests</c> (Istio <c>connectionPool.http.http2MaxRequests</c> and
/// <c>http1MaxPendingRequests</c>): at most <c>maxActive</c> requests in flight, up to <c>maxPending</c> more wait
/// in arrival order for a slot, and any beyond are refused at once (the caller answers 503 with flag <c>UO</c>)
/// so a slow upstream sheds load instead of queueing it without bound.
/// </summary>
internal sealed class RequestLimiter
{
    private readonly int? _maxActive;
    private readonly int? _maxPending;
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private int _active;
    private long _overflows;

    /// <param name="maxActive">Requests in flight at most; <see langword="null"/> = unlimited.</param>
    /// <param name="maxPending">Requests waiting at most; <see langword="null"/> = unlimited, 0 = none wait.</param>
    public RequestLimiter(int? maxActive, int? maxPending)
    {
        if (maxActive is { } active)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(active, nameof(maxActive));
        }

        if (maxPending is { } pending)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pending, nameof(maxPending));
        }

        _maxActive = maxActive;
        _maxPending = maxPending;
    }

    /// <summary>Requests holding a slot now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Requests waiting for a slot now.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Requests refused (Envoy's <c>upstream_rq_pending_overflow</c>).</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>
    /// Takes a slot, waiting for one if the queue has room. Completes synchronously (no allocation beyond the
    /// lease) when a slot is free or the request is refused.
    /// </summary>
    /// <returns>The slot's lease, to dispose when the request ends; <see langword="null"/> when refused.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the request
    /// left the queue.</exception>
    public ValueTask<Lease?> TryEnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            // A free slot goes to the queue first (Release hands it over directly), so an empty queue is the only
            // case where a newcomer may take one: arrivals cannot overtake waiters.
            if (_maxActive is not { } max || _active < max)
            {
                _active++;
                return new ValueTask<Lease?>(new Lease(this));
            }

            if (_maxPending is { } pending && _waiters.Count >= pending)
            {
                Interlocked.Increment(ref _overflows);
                return new ValueTask<Lease?>((Lease?)null);
            }

            waiter = new Waiter(this);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private static async ValueTask<Lease?> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        // Registered only on this slow path; disposed by the waiter itself once it has its answer, so Release
        // never races with the registration being written.
        using (cancellationToken.UnsafeRegister(
            static (state, token) => ((Waiter)state!).Cancel(token), waiter))
        {
            return await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            // Already handed a slot by Release: the caller owns that lease now, so it must not be cancelled.
            if (waiter.Node?.List is null)
            {
                return;
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private void Release()
    {
        Waiter? next;
        lock (_gate)
        {
            var first = _waiters.First;
            if (first is null)
            {
                _active--;
                return;
            }

            // The slot passes straight to the oldest waiter, so Active does not change.
            _waiters.Remove(first);
            next = first.Value;
        }

        next.Completion.TrySetResult(new Lease(this));
    }

    /// <summary>
    /// One request's slot. A class rather than a struct so that disposing it twice (or a copy of it) frees the
    /// slot only once.
    /// </summary>
    internal sealed class Lease : IDisposable
    {
        private RequestLimiter? _owner;

        internal Lease(RequestLimiter owner) => _owner = owner;

        /// <summary>Frees the slot, or hands it to the oldest waiter.</summary>
        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
    }

    private sealed class Waiter(RequestLimiter limiter)
    {
        // Continuations run asynchronously so that Release, called from a finishing request, never runs the
        // next request's code inline on its own stack.
        public TaskCompletionSource<Lease?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel(CancellationToken token) => limiter.Cancel(this, token);
    }
}
