namespace OneStop.Cli.Simulation;

/// <summary>The simulator's fake clock: time stands still until the simulator moves it to the next round. A flow of work
/// (a family's chain, a round's closing pass) may run at its own round's instant (<see cref="Enter"/>): the next round's
/// independent families start while the current round ends, and every command must carry the instant of the round it
/// belongs to, whichever runs first.</summary>
internal sealed class SimulationClock(DateTimeOffset start, TimeZoneInfo zone) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    // The calling flow's round instant in UTC ticks; 0 (never a round's instant) outside such a flow.
    private readonly AsyncLocal<long> _flow = new();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        var ticks = _flow.Value;
        return new(ticks != 0 ? ticks : Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => zone;

    /// <summary>Moves the clock; it never goes back.</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        if (instant.UtcTicks < Interlocked.Read(ref _utcTicks)) throw new ArgumentOutOfRangeException(nameof(instant), "The simulation clock never goes back.");
        Interlocked.Exchange(ref _utcTicks, instant.UtcTicks);
    }

    /// <summary>From here on, the calling flow (this async method and what it awaits) reads <paramref name="instant"/>,
    /// whatever the clock's own time; the caller's caller is not affected.</summary>
    public void Enter(DateTimeOffset instant) => _flow.Value = instant.UtcTicks;
}
