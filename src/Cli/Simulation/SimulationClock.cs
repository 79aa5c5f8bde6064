namespace OneStop.Cli.Simulation;

/// <summary>The simulator's fake clock: time stands still until the simulator moves it to the next round.</summary>
internal sealed class SimulationClock(DateTimeOffset start, TimeZoneInfo zone) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => zone;

    /// <summary>Moves the clock; it never goes back.</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        if (instant.UtcTicks < Interlocked.Read(ref _utcTicks)) throw new ArgumentOutOfRangeException(nameof(instant), "The simulation clock never goes back.");
        Interlocked.Exchange(ref _utcTicks, instant.UtcTicks);
    }
}
