using System.Runtime.CompilerServices;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    /// <summary>The engine's commit, from its parts: what <see cref="CommitAsync"/> does with a <see cref="CaseCommit"/>,
    /// without the objects the contract carries them in (the commit, the command record, the outbox messages and their
    /// array), which this store would only take apart again. The engine builds the parts well-formed (the checks of
    /// <see cref="CaseCommitValidator"/> hold by construction; alerts, which extensions add, are still checked).</summary>
    /// <param name="row">The case row's columns after the commit (the store builds the row when a reader asks). Their
    /// snapshot bytes, if any, are copied (the caller may reuse their buffer once the commit returns).</param>
    /// <param name="expectedVersion">The version the command read.</param>
    /// <param name="events">The commit's events (the store keeps them; the list itself is not kept).</param>
    /// <param name="at">The commit's time (its events' and outbox rows').</param>
    /// <param name="actor">Who caused them.</param>
    /// <param name="previous">The chain head the first event follows (from the row the command read).</param>
    /// <param name="openTasks">The case's open tasks after the commit.</param>
    /// <param name="outbox">The outbox rows (channel, type, content); their ids are the engine's <c>case:first:k</c>
    /// (first = <paramref name="expectedVersion"/> + 1), kept without their strings (<see cref="OutboxMessageKey"/>).</param>
    /// <param name="commandKey">The command's idempotency key.</param>
    /// <param name="result">The command's result, remembered for the key.</param>
    /// <param name="definition">The pinned definition text for a new case, or null.</param>
    /// <param name="alerts">Supervision alerts written with the commit.</param>
    /// <param name="evaluations">Evaluation rows written with the commit.</param>
    internal void CommitEngine(in CaseColumns row, long expectedVersion, IReadOnlyList<CaseEvent> events, DateTimeOffset at, string actor,
        ChainLink previous, ReadOnlySpan<TaskRecord> openTasks, IReadOnlyList<OutboxItem> outbox, string commandKey, CommandResult result,
        DefinitionRecord? definition, IReadOnlyList<Alert> alerts, IReadOnlyList<EvaluationRecord> evaluations)
    {
        lock (_gate) CommitEngineLocked(row, expectedVersion, events, at, actor, previous, openTasks, outbox, commandKey, result, definition, alerts, evaluations);
    }

    /// <summary><see cref="CommitEngine"/> with <see cref="Gate"/> held (the engine puts the committed case back into its
    /// cache, which shares the lock, before letting go). With <paramref name="dueSnapshot"/> (the engine's case after the
    /// commit, whose snapshot is due: <paramref name="row"/> then carries no bytes but the case's version as its snapshot
    /// version) the snapshot's bytes are written only when a reader first asks for them, by replaying the case's log with
    /// <paramref name="plan"/> (see <see cref="CaseEntry"/>); the case itself is not kept.</summary>
    internal void CommitEngineLocked(in CaseColumns row, long expectedVersion, IReadOnlyList<CaseEvent> events, DateTimeOffset at, string actor,
        ChainLink previous, ReadOnlySpan<TaskRecord> openTasks, IReadOnlyList<OutboxItem> outbox, string commandKey, CommandResult result,
        DefinitionRecord? definition, IReadOnlyList<Alert> alerts, IReadOnlyList<EvaluationRecord> evaluations, Flow.CaseSnapshot? dueSnapshot = null,
        Flow.FlowPlan? plan = null)
    {
        CaseCommitValidator.ValidateAlerts(alerts, row.CaseNumber);
        CommitLocked(null, row, expectedVersion, new CommitLog(events, at, actor, commandKey, previous), openTasks,
            new CommitMessages(outbox, row.CaseNumber, expectedVersion + 1, at, ranged: events.Count > 0), commandKey, KeptCommand.Of(commandKey, result, this), result.OpenTaskIds, definition, alerts, evaluations,
            dueSnapshot, plan);
    }

    /// <summary>A commit's events: the records of a <see cref="CaseCommit"/>, or the engine's events with the columns
    /// they share (the case and first sequence from the row).</summary>
    private readonly struct CommitLog
    {
        private readonly IReadOnlyList<EventRecord>? _records;
        private readonly IReadOnlyList<CaseEvent>? _events;
        private readonly DateTimeOffset _at;
        private readonly string? _actor;
        private readonly string? _commandKey;
        private readonly ChainLink _previous;

        public CommitLog(IReadOnlyList<EventRecord> records) => _records = records;

        /// <summary>How many events the engine's commit has (0 for a <see cref="CaseCommit"/>'s records).</summary>
        public int EngineCount => _events?.Count ?? 0;

        public CommitLog(IReadOnlyList<CaseEvent> events, DateTimeOffset at, string actor, string commandKey, ChainLink previous)
        {
            _events = events;
            _at = at;
            _actor = actor;
            _commandKey = commandKey;
            _previous = previous;
        }

        /// <summary>Appends a <see cref="CaseCommit"/>'s records to <paramref name="log"/> and points <paramref name="row"/>'s
        /// head at the log when it keeps the last event compact (else the row keeps its own head).</summary>
        public void AppendTo(InMemoryEventLog log, CaseRecord row)
        {
            var records = _records!;
            // A log that keeps the commit's last event compact (without its record) gives its own link for the row's head.
            if (records is CommitEvents shared ? log.AddCommit(shared) : log.AddRange(records))
                row.FollowLog(records as CommitEvents ?? (object)records[^1], log);
        }

        /// <summary>Appends the engine's events to <paramref name="log"/> and returns the new row's chain head: the log's
        /// own link when it keeps them compact, else the last record's.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public ChainLink AppendTo(InMemoryEventLog log, string caseNumber, long version)
        {
            var first = version - _events!.Count + 1;
            if (log.TryAddFollowing(caseNumber, first, _at, _actor!, _commandKey!, _events, _previous)) return new ChainLink(log, default, version);
            // Not following this log (its head came from elsewhere): kept as records, exactly as a CaseCommit's would be.
            var built = new CommitEvents(caseNumber, first, _at, _actor!, _commandKey!, _events, _previous);
            return log.AddRange(built) ? new ChainLink(log, default, version) : new ChainLink(built, default, version);
        }
    }

    /// <summary>A commit's outbox rows: the messages of a <see cref="CaseCommit"/>, or the engine's rows, whose ids
    /// (<c>case:first:k</c>) are never built as strings.</summary>
    private readonly struct CommitMessages
    {
        private readonly IReadOnlyList<OutboxMessage>? _messages;
        private readonly IReadOnlyList<OutboxItem>? _items;
        private readonly string? _caseNumber;
        private readonly long _first;
        private readonly DateTimeOffset _createdAt;

        public CommitMessages(IReadOnlyList<OutboxMessage> messages) => _messages = messages;

        public CommitMessages(IReadOnlyList<OutboxItem> items, string caseNumber, long first, DateTimeOffset createdAt, bool ranged)
        {
            _items = items;
            _caseNumber = caseNumber;
            _first = first;
            _createdAt = createdAt;
            Ranged = ranged;
        }

        public int Count => _messages?.Count ?? _items!.Count;

        /// <summary>True when the ids are found by the commit's outbox range in the case's log (the engine's rows of a
        /// commit with events), false when each takes an entry of the store's id table.</summary>
        public bool Ranged { get; }

        public OutboxMessageKey KeyAt(int i) => _messages is null
            ? OutboxMessageKey.Of(_caseNumber!, _first, i)
            : OutboxMessageKey.Parse(_messages[i].MessageId).Sharing(_messages[i].CaseNumber);

        /// <summary>Appends row <paramref name="i"/> to <paramref name="store"/>'s outbox under <paramref name="key"/>: the same
        /// columns and content an <see cref="OutboxMessage"/> of the row would give (a value with its type info, or the
        /// bytes as given).</summary>
        /// <remarks>Not inlined (nor is the log's <c>AppendTo</c>): their locals made the commit's frame large, which the runtime
        /// clears on every call.</remarks>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void AppendTo(InMemoryCaseStore store, int i, OutboxMessageKey key)
        {
            if (_messages is not null)
            {
                store.Enqueue(_messages[i], key);
                return;
            }
            var item = _items![i];
            if (item.TypeInfo is { } info)
            {
                if (item.Notice is { } parts
                    ? store.TryAppendNotice(key, _caseNumber!, item.Channel, item.Type, info, parts, _createdAt)
                    : item.Payload is Notification notice && store.TryAppendNotice(key, _caseNumber!, item.Channel, item.Type, info, notice, _createdAt)) return;
                store.Append(key, _caseNumber!, item.Channel, item.Type, item.ValueAt(_createdAt), info, _createdAt);
                return;
            }
            store.Append(key, _caseNumber!, item.Channel, item.Type, LazyBytes.Wrap((byte[])item.Payload), null, _createdAt);
        }
    }
}
