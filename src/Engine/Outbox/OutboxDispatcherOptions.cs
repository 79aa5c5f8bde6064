namespace OneStop.Engine.Outbox;

/// <summary>Retry and batching settings of the <see cref="OutboxDispatcher"/>.</summary>
public sealed class OutboxDispatcherOptions
{
    /// <summary>Failed attempts after which a message is parked as dead. Default 10. A service call uses its step's
    /// own <c>attempts</c> (default 5) instead.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay after the first failure; each further failure doubles it. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the delay between attempts. Default 10 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Messages read from the store per round. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long <see cref="OutboxDispatcher.RunAsync"/> sleeps when idle, unless woken by
    /// <see cref="OutboxDispatcher.Notify"/>; it bounds the lag of retries after a backoff. Default 1 second.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxAttempts < 1) errors.Add($"{nameof(MaxAttempts)} must be at least 1 (was {MaxAttempts}).");
        if (BaseDelay <= TimeSpan.Zero) errors.Add($"{nameof(BaseDelay)} must be positive (was {BaseDelay}).");
        if (MaxDelay < BaseDelay) errors.Add($"{nameof(MaxDelay)} must be at least {nameof(BaseDelay)} (was {MaxDelay}).");
        if (BatchSize < 1) errors.Add($"{nameof(BatchSize)} must be at least 1 (was {BatchSize}).");
        if (IdleDelay <= TimeSpan.Zero) errors.Add($"{nameof(IdleDelay)} must be positive (was {IdleDelay}).");
        return errors;
    }

    /// <summary>The delay before the next attempt after <paramref name="failedAttempts"/> failures (1 or more):
    /// BaseDelay · 2^(failedAttempts − 1), capped at MaxDelay.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // Past 2^30 the cap has long been reached; clamping the exponent avoids overflow.
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var ticks = BaseDelay.Ticks * factor;
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
