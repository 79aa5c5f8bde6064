using OneStop.Engine.Outbox;

namespace OneStop.Engine;

/// <summary>Engine settings, validated once when the engine is built.</summary>
public sealed class OneStopOptions
{
    /// <summary>Case snapshots kept in memory to skip deserialization (the store stays the truth). Default 10 000; 0 disables.</summary>
    public int SnapshotCacheSize { get; set; } = 10_000;

    /// <summary>How often a new case number is asked for when the generated one is taken. Default 5.</summary>
    public int MaxCaseNumberAttempts { get; set; } = 5;

    /// <summary>Retry and batching of the outbox (notices, service calls, subcases).</summary>
    public OutboxDispatcherOptions Outbox { get; set; } = new();

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SnapshotCacheSize < 0) errors.Add($"{nameof(SnapshotCacheSize)} must not be negative (was {SnapshotCacheSize}).");
        if (MaxCaseNumberAttempts < 1) errors.Add($"{nameof(MaxCaseNumberAttempts)} must be at least 1 (was {MaxCaseNumberAttempts}).");
        if (Outbox is null) errors.Add($"{nameof(Outbox)} must not be null.");
        else errors.AddRange(Outbox.Validate());
        return errors;
    }
}
