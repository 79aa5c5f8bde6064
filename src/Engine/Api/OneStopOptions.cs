using OneStop.Engine.Outbox;

namespace OneStop.Engine;

/// <summary>Engine settings, validated once when the engine is built.</summary>
public sealed class OneStopOptions
{
    /// <summary>Case snapshots kept in memory to skip deserialization (the store stays the truth). Default 10 000; 0 disables.</summary>
    public int SnapshotCacheSize { get; set; } = 10_000;

    /// <summary>How many events a case may move past its last stored snapshot before a command stores a new one.
    /// Default 32; 1 stores a snapshot with every command. A snapshot is also stored when a case is filed and with
    /// every command on a closed case (so a closed case never needs replaying). Between snapshots a command writes only
    /// its events and the case row; loading a case whose snapshot is not in the engine's cache replays the events after
    /// the stored snapshot, so a larger interval means fewer bytes per command and more replay on a cache miss.</summary>
    public int SnapshotInterval { get; set; } = 32;

    /// <summary>How often a new case number is asked for when the generated one is taken. Default 5.</summary>
    public int MaxCaseNumberAttempts { get; set; } = 5;

    /// <summary>Retry and batching of the outbox (notices, service calls, subcases).</summary>
    public OutboxDispatcherOptions Outbox { get; set; } = new();

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SnapshotCacheSize < 0) errors.Add($"{nameof(SnapshotCacheSize)} must not be negative (was {SnapshotCacheSize}).");
        if (SnapshotInterval < 1) errors.Add($"{nameof(SnapshotInterval)} must be at least 1 (was {SnapshotInterval}).");
        if (MaxCaseNumberAttempts < 1) errors.Add($"{nameof(MaxCaseNumberAttempts)} must be at least 1 (was {MaxCaseNumberAttempts}).");
        if (Outbox is null) errors.Add($"{nameof(Outbox)} must not be null.");
        else errors.AddRange(Outbox.Validate());
        return errors;
    }
}
