namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Passive health checking for one cluster, as Envoy's outlier detection with <c>consecutive_5xx</c> and
/// <c>consecutive_gateway_failure</c> (Istio <c>outlierDetection</c>): an endpoint that fails too many requests
/// in a row is ejected from load balancing for a while, longer each time it is ejected again.
/// </summary>
/// <remarks>
/// <para>Differences from Envoy, all for the sake of a timer-free, lazily evaluated detector:</para>
/// <list type="bullet">
/// <item>An endpoint returns exactly when its ejection time has passed, not at the next interval tick.</item>
/// <item>Envoy decrements the ejection multiplier at every interval tick the endpoint spends un-ejected; here
/// the multiplier drops by one per whole <see cref="OutlierSettings.Interval"/> since the endpoint returned,
/// computed when it is next ejected. Same result, give or take one tick.</item>
/// <item>A counter that reached its threshold while <see cref="OutlierSettings.MaxEjectionPercent"/> was
/// exhausted ejects on the endpoint's next failure once there is room (Envoy only fires on reaching the
/// threshold exactly, so such an endpoint would wait for a success to reset it).</item>
/// <item>Answers from an endpoint while it is ejected (requests already in flight) are not counted.</item>
/// </list>
/// <para>Not Polly's circuit breaker: that one opens for a whole pipeline on a failure ratio over a sampling window;
/// Envoy ejects single endpoints from load balancing on consecutive errors.</para>
/// <para>Like Envoy, a 5xx that is not a gateway error resets the gateway counter, ejection time is capped
/// at Envoy's default <c>max_ejection_time</c> of 300 s (or the base time, if longer; Istio does not expose it),
/// and both counters restart from zero when an endpoint returns.</para>
/// </remarks>
internal sealed class OutlierDetector
{
    private static readonly TimeSpan DefaultMaxEjectionTime = TimeSpan.FromSeconds(300);

    private readonly OutlierSettings _settings;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _maxEjectionTicks;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EndpointState> _endpoints = new(StringComparer.Ordinal);
    private int _ejectedCount;

    // The earliest time an ejected endpoint returns (ticks since _origin), so most calls skip the sweep.
    private long _nextReturnTicks = long.MaxValue;

    public OutlierDetector(OutlierSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Consecutive5xxErrors, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.ConsecutiveGatewayErrors, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.Interval, TimeSpan.Zero, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.BaseEjectionTime, TimeSpan.Zero, nameof(settings));
        if (settings.MaxEjectionPercent is < 0 or > 100 || settings.MinHealthPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Percentages must be between 0 and 100.");
        }

        _settings = settings;
        _time = time;
        _origin = time.GetTimestamp();
        _maxEjectionTicks = Math.Max(DefaultMaxEjectionTime.Ticks, settings.BaseEjectionTime.Ticks);
    }

    /// <summary>The endpoints ejected now, in ordinal order, for <c>/stats</c> (regardless of panic).</summary>
    public IReadOnlyList<string> Ejected
    {
        get
        {
            lock (_gate)
            {
                ReturnDue(Now());
                var ejected = new List<string>(_ejectedCount);
                foreach (var (key, state) in _endpoints)
                {
                    if (state.IsEjected)
                    {
                        ejected.Add(key);
                    }
                }

                ejected.Sort(StringComparer.Ordinal);
                return ejected;
            }
        }
    }

    /// <summary>
    /// Replaces the endpoint set (on a new snapshot): endpoints that stay keep their state, removed ones are
    /// forgotten, and percentages are of this set.
    /// </summary>
    public void SetEndpoints(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var current = new HashSet<string>(keys, StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in _endpoints.Keys.ToArray())
            {
                if (!current.Contains(key))
                {
                    _endpoints.Remove(key);
                }
            }

            foreach (var key in current)
            {
                _endpoints.TryAdd(key, new EndpointState());
            }

            RecountEjected();
        }
    }

    /// <summary>Records one request's outcome for an endpoint; unknown endpoints are ignored.</summary>
    /// <param name="endpointKey">The endpoint, as given to <see cref="SetEndpoints"/>.</param>
    /// <param name="statusCode">The upstream's status code (ignored when <paramref name="connectFailure"/>).</param>
    /// <param name="connectFailure">No response (refused, reset): counts as a 503, a 5xx and a gateway error,
    /// as Envoy maps local-origin errors when <c>split_external_local_origin_errors</c> is off (Istio's setting).</param>
    public void Record(string endpointKey, int statusCode, bool connectFailure)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        var status = connectFailure ? 503 : statusCode;
        lock (_gate)
        {
            if (!_endpoints.TryGetValue(endpointKey, out var state))
            {
                return;
            }

            var now = Now();
            ReturnDue(now);
            if (state.IsEjected)
            {
                return;
            }

            if (status is < 500 or > 599)
            {
                state.Consecutive5xx = 0;
                state.ConsecutiveGateway = 0;
                return;
            }

            state.Consecutive5xx++;
            state.ConsecutiveGateway = status is 502 or 503 or 504 ? state.ConsecutiveGateway + 1 : 0;
            var tripped = Reached(state.Consecutive5xx, _settings.Consecutive5xxErrors)
                || Reached(state.ConsecutiveGateway, _settings.ConsecutiveGatewayErrors);
            if (tripped && HasRoomToEject())
            {
                Eject(state, now);
            }
        }
    }

    /// <summary>
    /// Whether the balancer should skip this endpoint now. <see langword="false"/> for every endpoint while
    /// too few are left (panic: Envoy then balances over all endpoints, sick or not).
    /// </summary>
    public bool IsEjected(string endpointKey)
    {
        ArgumentNullException.ThrowIfNull(endpointKey);
        lock (_gate)
        {
            ReturnDue(Now());
            return _endpoints.TryGetValue(endpointKey, out var state) && state.IsEjected && !IsPanicking();
        }
    }

    private static bool Reached(int count, int threshold) => threshold > 0 && count >= threshold;

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    private bool IsPanicking()
    {
        var total = _endpoints.Count;
        return (long)(total - _ejectedCount) * 100 < (long)_settings.MinHealthPercent * total;
    }

    private bool HasRoomToEject()
    {
        if (_settings.MaxEjectionPercent == 0)
        {
            return false;
        }

        // Envoy always lets one endpoint go, even when the percentage of a small cluster rounds to zero.
        return _ejectedCount == 0
            || (long)(_ejectedCount + 1) * 100 <= (long)_settings.MaxEjectionPercent * _endpoints.Count;
    }

    private void Eject(EndpointState state, long now)
    {
        var baseTicks = _settings.BaseEjectionTime.Ticks;
        if (state.Multiplier > 0)
        {
            var decay = (now - state.ReturnedAtTicks) / _settings.Interval.Ticks;
            state.Multiplier = Math.Max(0, state.Multiplier - decay);
        }

        // Envoy stops growing the multiplier once the ejection time is past its cap, so it cannot overflow.
        if (state.Multiplier * baseTicks < _maxEjectionTicks + baseTicks)
        {
            state.Multiplier++;
        }

        state.EjectedUntilTicks = now + Math.Min(state.Multiplier * baseTicks, _maxEjectionTicks);
        _ejectedCount++;
        _nextReturnTicks = Math.Min(_nextReturnTicks, state.EjectedUntilTicks);
    }

    private void ReturnDue(long now)
    {
        if (now < _nextReturnTicks)
        {
            return;
        }

        foreach (var state in _endpoints.Values)
        {
            if (state.IsEjected && state.EjectedUntilTicks <= now)
            {
                state.ReturnedAtTicks = state.EjectedUntilTicks;
                state.EjectedUntilTicks = EndpointState.NotEjected;
                state.Consecutive5xx = 0;
                state.ConsecutiveGateway = 0;
            }
        }

        RecountEjected();
    }

    private void RecountEjected()
    {
        _ejectedCount = 0;
        _nextReturnTicks = long.MaxValue;
        foreach (var state in _endpoints.Values)
        {
            if (state.IsEjected)
            {
                _ejectedCount++;
                _nextReturnTicks = Math.Min(_nextReturnTicks, state.EjectedUntilTicks);
            }
        }
    }

    /// <summary>One endpoint's counters; only touched under the detector's lock.</summary>
    private sealed class EndpointState
    {
        public const long NotEjected = -1;

        public int Consecutive5xx { get; set; }

        public int ConsecutiveGateway { get; set; }

        /// <summary>Ejections in a row (Envoy's <c>eject_time_backoff</c>): the next ejection lasts this × base.</summary>
        public long Multiplier { get; set; }

        public long EjectedUntilTicks { get; set; } = NotEjected;

        public long ReturnedAtTicks { get; set; }

        public bool IsEjected => EjectedUntilTicks != NotEjected;
    }
}
