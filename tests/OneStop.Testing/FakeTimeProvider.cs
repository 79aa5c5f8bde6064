namespace OneStop.Testing;

/// <summary>A <see cref="TimeProvider"/> that only moves when a test tells it to. Timers created from it
/// fire (synchronously, on the caller of <see cref="Advance"/>/<see cref="SetUtcNow"/>) when their due time is reached.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private readonly TimeZoneInfo _zone;

    public FakeTimeProvider(DateTimeOffset start, TimeZoneInfo? zone = null)
    {
        _now = start.ToUniversalTime();
        _zone = zone ?? TimeZoneInfo.Utc;
    }

    public override TimeZoneInfo LocalTimeZone => _zone;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate) return _now.UtcTicks;
    }

    /// <summary>Moves time forward and fires every timer that falls due, in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Sets the time (never backwards) and fires timers that fall due.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var target = value.ToUniversalTime();
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                if (target < _now) throw new ArgumentOutOfRangeException(nameof(value), "Time cannot go backwards.");
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.DueAt > _now) _now = next.DueAt;
                next.Reschedule(_now);
            }
            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Register(FakeTimer timer)
    {
        lock (_gate) { if (!_timers.Contains(timer)) _timers.Add(timer); }
    }

    private void Unregister(FakeTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Unregister(this);
                return true;
            }
            DueAt = owner.GetUtcNow() + dueTime;
            owner.Register(this);
            return true;
        }

        // Called under the owner's lock when the timer is due.
        public void Reschedule(DateTimeOffset now)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero) owner._timers.Remove(this);
            else DueAt = now + _period;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Unregister(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
