namespace OneStop.Engine.Storage;

/// <summary>Everything one command writes, atomically: new events, the new case row and, now and then, a new snapshot,
/// the replacement set of open tasks, outbox messages and the command's idempotency record.</summary>
/// <param name="Case">The case after the command (its Version is ExpectedVersion + Events.Count). Its Snapshot is either
/// the case after the command (SnapshotVersion = Version) or empty, to keep the stored snapshot: see
/// <see cref="CaseRecord.SnapshotVersion"/>.</param>
/// <param name="ExpectedVersion">The version the command read; 0 for a new case.</param>
/// <param name="Events">Events to append, with sequences ExpectedVersion+1 … .</param>
/// <param name="OpenTasks">The case's open tasks after the command (replaces the previous set).</param>
/// <param name="Outbox">Messages to deliver after commit.</param>
/// <param name="Command">Idempotency record, or null for commands without one.</param>
/// <param name="Definition">The definition text to keep, when the case pins one the store may not have yet.</param>
public sealed record CaseCommit(
    CaseRecord Case,
    long ExpectedVersion,
    IReadOnlyList<EventRecord> Events,
    IReadOnlyList<TaskRecord> OpenTasks,
    IReadOnlyList<OutboxMessage> Outbox,
    CommandRecord? Command,
    DefinitionRecord? Definition)
{
    /// <summary>Supervision alerts raised by the command, upserted by id with the commit (stores that implement
    /// <see cref="IAlertStore"/> keep them; empty by default).</summary>
    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    /// <summary>Evaluations (好差评) recorded or updated by this command, keyed by case and channel.</summary>
    public IReadOnlyList<EvaluationRecord> Evaluations { get; init; } = [];

    /// <summary>Computes every lazily built value of the commit (event payloads and links, the chain head, the command
    /// result, outbox payloads) on the calling thread. A store that writes the bytes elsewhere (a single writer
    /// thread) calls it first, so serialization and hashing never run on that thread.</summary>
    internal void Materialize()
    {
        var events = Events;
        for (var i = 0; i < events.Count; i++)
        {
            _ = events[i].Payload;
            _ = events[i].Hash;
        }
        _ = Case.ChainHead;
        _ = Command?.Result;
        var outbox = Outbox;
        for (var i = 0; i < outbox.Count; i++) _ = outbox[i].Payload;
    }
}
