using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OneStop.Engine.Audit;

namespace OneStop.Engine.Storage;

/// <summary>The in-memory <see cref="ICaseStore"/>: thread-safe, every commit atomic under one lock. For tests,
/// samples and hosts that do not need durability. Byte payloads are kept as given: callers must not change
/// an array after committing it.</summary>
public sealed partial class InMemoryCaseStore : ICaseStore, IAlertStore
{
    private readonly Lock _gate;
    private readonly InMemoryEventArena _events;
    private readonly CaseTable _cases = new();
    // Per idempotency key: the columns of a record the engine built (the record and its result are rebuilt, lazily
    // serialized, when read, so the store keeps no object per command), or the record as given. The key is its text in
    // the arena's chunks (no string per command: see KeyText); the table is looked up by the caller's key as a span. The
    // engine's commit with events keeps its result in its arena record, which the table's slot names (no entry).
    private readonly KeyTable<KeptCommand> _commands;
    private readonly Dictionary<string, DefinitionRecord> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly SortedSet<(DateTimeOffset Due, string CaseNumber)> _due = new();

    /// <summary>An empty store.</summary>
    public InMemoryCaseStore()
    {
        _gate = new Lock();
        _events = new InMemoryEventArena(_gate);
        _commands = new KeyTable<KeptCommand>(_events.Keys, _events);
    }

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        lock (_gate) return Task.FromResult(_cases.TryGetValue(caseNumber, out var entry) ? entry.Record : null);
    }

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        // The engine reads the row on every command: the entry keeps it (and its completed task) until the next commit.
        lock (_gate) return _cases.TryGetValue(caseNumber, out var entry) ? entry.RowTask : NoCase;
    }

    /// <summary>The engine's read on every command, without a task: the row as <see cref="GetCaseRowAsync"/> gives it,
    /// except that it may carry the stored snapshot's bytes (when the last commit wrote them), which the engine ignores.</summary>
    internal CaseRecord? GetCaseRow(string caseNumber)
    {
        lock (_gate) return _cases.TryGetValue(caseNumber, out var entry) ? entry.Current : null;
    }

    /// <summary>The engine's read on every command: what it needs of the row (as <see cref="GetCaseRow"/> gives it),
    /// without building the row when the engine committed it; null for an unknown case.</summary>
    internal EngineRow? GetEngineRow(string caseNumber)
    {
        lock (_gate) return GetEngineRowLocked(caseNumber);
    }

    /// <summary>What <see cref="GetEngineRow"/> gives the engine's usual command (the version, the stored snapshot's, the
    /// pinned text and the chain head), with <see cref="Gate"/> held; false for an unknown case.</summary>
    internal bool TryGetEngineHeadLocked(string caseNumber, out long version, out long snapshotVersion, out string contentHash, out ChainLink head)
    {
        if (_cases.TryGetValue(caseNumber, out var entry))
        {
            Read(caseNumber, entry);
            return entry.TryGetEngineHead(out version, out snapshotVersion, out contentHash, out head);
        }
        version = snapshotVersion = 0;
        contentHash = null!;
        head = default;
        return false;
    }

    /// <summary><see cref="GetEngineRow"/> with <see cref="Gate"/> held.</summary>
    internal EngineRow? GetEngineRowLocked(string caseNumber)
    {
        if (!_cases.TryGetValue(caseNumber, out var entry)) return null;
        Read(caseNumber, entry);
        return entry.EngineRow;
    }

    // The case the engine's last read found, and its entry (under _gate): the commit that usually follows takes the entry
    // without hashing the case number again. Entries are never removed, so it stays its case's entry.
    private string? _readCase;
    private CaseEntry? _readEntry;

    private void Read(string caseNumber, CaseEntry entry)
    {
        _readCase = caseNumber;
        _readEntry = entry;
    }

    /// <summary>The store's lock: the engine's snapshot cache shares it, so a command reads its row and takes its cached
    /// case, or commits and puts the case back, under one lock (the <c>…Locked</c> methods expect it held).</summary>
    internal Lock Gate => _gate;

    /// <inheritdoc />
    public Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        lock (_gate)
        {
            if (!_cases.TryGetValue(caseNumber, out var entry) || afterSequence >= entry.Events.Count)
                return Task.FromResult<IReadOnlyList<EventRecord>>([]);
            // Sequences are 1-based and dense, so the event with sequence s sits at index s - 1.
            var start = (int)afterSequence;
            return Task.FromResult<IReadOnlyList<EventRecord>>(entry.Events.GetRange(start, entry.Events.Count - start));
        }
    }

    /// <inheritdoc />
    public Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        KeptCommand kept;
        bool found;
        lock (_gate) found = _commands.TryGetValue(idempotencyKey, out kept);
        return Task.FromResult(found ? kept.ToRecord(idempotencyKey) : null);
    }

    /// <inheritdoc />
    public Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        lock (_gate) return Task.FromResult(_definitions.GetValueOrDefault(contentHash));
    }

    /// <inheritdoc />
    public Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        CaseCommitValidator.Validate(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var command = commit.Command;
        Commit(commit.Case, default, commit.ExpectedVersion, new CommitLog(commit.Events), commit.OpenTasks as TaskRecord[] ?? [.. commit.OpenTasks], new CommitMessages(commit.Outbox), command?.IdempotencyKey,
            command is null ? default : KeptCommand.Of(command), null, commit.Definition, commit.Alerts, commit.Evaluations);
        return Task.CompletedTask;
    }

    /// <summary>One atomic commit (see <see cref="CommitAsync"/>) from its parts, already validated.</summary>
    private void Commit(CaseRecord? row, in CaseColumns columns, long expectedVersion, CommitLog events, ReadOnlySpan<TaskRecord> openTasks, CommitMessages outbox,
        string? commandKey, KeptCommand keptCommand, IReadOnlyList<string>? resultTaskIds, DefinitionRecord? definition, IReadOnlyList<Alert> alerts,
        IReadOnlyList<EvaluationRecord> evaluations)
    {
        lock (_gate) CommitLocked(row, columns, expectedVersion, events, openTasks, outbox, commandKey, keptCommand, resultTaskIds, definition, alerts, evaluations);
    }

    /// <summary><see cref="Commit"/> with <see cref="Gate"/> held (<paramref name="dueSnapshot"/> and <paramref name="plan"/>: see
    /// <see cref="CommitEngineLocked"/>).</summary>
    private void CommitLocked(CaseRecord? row, in CaseColumns columns, long expectedVersion, CommitLog events, ReadOnlySpan<TaskRecord> openTasks, CommitMessages outbox,
        string? commandKey, KeptCommand keptCommand, IReadOnlyList<string>? resultTaskIds, DefinitionRecord? definition, IReadOnlyList<Alert> alerts,
        IReadOnlyList<EvaluationRecord> evaluations, Flow.CaseSnapshot? dueSnapshot = null, Flow.FlowPlan? plan = null)
    {
        // A CaseCommit's row, or the engine's columns.
        var caseNumber = row?.CaseNumber ?? columns.CaseNumber;
        // The engine's rows are found by their commit's range when it fits the commit's entry, else by the id table.
        var ranged = outbox.Ranged && InMemoryEventArena.Commit.FitsOutbox(_outboxEnd, outbox.Count);
        // Every check runs before the first change, so a refused commit leaves nothing behind. The command key and
        // the message ids the id table keeps are claimed while checked (one lookup each in tables of millions of
        // entries instead of a check and a later insert) and given back if a later check refuses the commit. The
        // engine's ids are not in that table (see IsCommitted): they are new by construction (their commit's first
        // sequence follows every earlier commit of the case), unless the table holds one from another writer.
        // The engine's commit with events keeps its result in its own arena record, which the key names: the next commit's
        // number (the commit appends exactly one arena commit, checked below).
        var inCommit = commandKey is not null && row is null && events.EngineCount > 0 && keptCommand.CaseNumber is not null;
        var record = _events.NextCommit;
        if (commandKey is not null && !(inCommit ? _commands.TryAddRecord(commandKey, record, out _) : _commands.TryAdd(commandKey, keptCommand)))
            throw new DuplicateCommandException(commandKey);
        CaseEntry? entry;
        try
        {
            if (_readEntry is not null && string.Equals(_readCase, caseNumber, StringComparison.Ordinal)) entry = _readEntry;
            else _cases.TryGetValue(caseNumber, out entry);
            var actual = entry?.Version ?? 0;
            if (actual != expectedVersion || (expectedVersion == 0 && entry is not null))
                throw new ConcurrencyException(caseNumber, expectedVersion, actual);
            // A task the case already had open is its own in the index (every commit that indexes a task checks it
            // here first), so only the ids new to the case are looked up.
            var ownIds = entry?.TaskIds;
            for (var i = 0; i < openTasks.Length; i++)
            {
                var task = openTasks[i];
                if (ownIds is not null && Names(ownIds, task.TaskId)) continue;
                if (_tasks.TryGetValue(task.TaskId, out var existing) && existing.CaseNumber != caseNumber) ThrowTaskTaken(task.TaskId, existing.CaseNumber);
            }
            // The engine's rows in their commit's range are checked only when the id table holds ids at all.
            if (outbox.Count > 0 && (!ranged || _outboxById.Count > 0)) CheckOutbox(outbox, ranged);
        }
        catch
        {
            // CheckOutbox gives back what it claimed: it is the last check.
            Unclaim(outbox, 0, commandKey);
            throw;
        }

        if (entry is null)
        {
            entry = new CaseEntry(_events);
            _cases.Add(caseNumber, entry);
        }
        else if (entry.EarliestDue is { } oldDue) _due.Remove((oldDue, caseNumber));
        if (row is not null)
        {
            events.AppendTo(entry.Events, row);
            entry.Commit(row);
        }
        else
        {
            entry.Commit(columns, events.AppendTo(entry.Events, caseNumber, columns.Version), dueSnapshot, plan);
            if (inCommit)
            {
                if (entry.Events.LastCommit != record) ThrowRecordMoved();
                entry.Events.SetResult(keptCommand);
            }
        }
        if (ranged) entry.Events.SetOutbox(_outboxEnd, outbox.Count);
        if ((row is null ? columns.EarliestDue : row.EarliestDue) is { } due) _due.Add((due, caseNumber));

        // Only the case's tasks that closed leave the index; the others are overwritten in place below.
        var taskIds = entry.TaskIds;
        for (var i = 0; i < taskIds.Count; i++)
        {
            if (!StillOpen(taskIds[i], openTasks)) _tasks.Remove(taskIds[i]);
        }
        for (var i = 0; i < openTasks.Length; i++)
        {
            var task = openTasks[i];
            _tasks[task.TaskId] = task;
        }
        // The engine's result lists its open tasks (the idempotency table keeps that list, or its one id, for the key);
        // a CaseCommit's list stays the caller's.
        entry.TaskIds = IdsOf(openTasks, resultTaskIds);
        if (outbox.Count > 0) AppendOutbox(outbox, ranged && inCommit && string.Equals(keptCommand.CaseNumber, caseNumber, StringComparison.Ordinal)
            && keptCommand.Version - keptCommand.EventCount == expectedVersion ? record : -1);
        if (definition is not null) _definitions.TryAdd(definition.ContentHash, definition);
        for (var i = 0; i < alerts.Count; i++) _alerts[alerts[i].AlertId] = alerts[i];
        for (var i = 0; i < evaluations.Count; i++) _evaluations[(evaluations[i].CaseNumber, evaluations[i].Channel)] = evaluations[i];
    }

    // The outbox rows' ids: checked against the id table, and outside a commit's range claimed in it (given back when
    // one is taken). Methods of their own, as are the throws below: their locals (keys, interpolated text) made
    // CommitLocked's frame large, and the runtime clears a frame's references on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckOutbox(in CommitMessages outbox, bool ranged)
    {
        if (ranged)
        {
            for (var i = 0; i < outbox.Count; i++)
            {
                if (_outboxById.ContainsKey(outbox.KeyAt(i))) ThrowMessageTaken(outbox.KeyAt(i));
            }
            return;
        }
        var claimed = 0;
        try
        {
            for (; claimed < outbox.Count; claimed++)
            {
                // Each message takes the next slot (Append fills them in this order).
                var key = outbox.KeyAt(claimed);
                if (InCommitRange(key) || !_outboxById.TryAdd(key, _outboxEnd + claimed)) ThrowMessageTaken(key);
            }
        }
        catch
        {
            Unclaim(outbox, claimed, null);
            throw;
        }
    }

    // Appends the commit's outbox rows; compact (see OutboxSlot) when compactCommit names the arena commit that keeps the
    // command's result and its rows' ids are case:first:k with first that result's first sequence.
    private void AppendOutbox(in CommitMessages outbox, int compactCommit)
    {
        _compactCommit = compactCommit;
        try
        {
            for (var i = 0; i < outbox.Count; i++) outbox.AppendTo(this, i, outbox.KeyAt(i));
        }
        finally
        {
            _compactCommit = -1;
        }
    }

    [DoesNotReturn]
    private static void ThrowRecordMoved() =>
        throw new InvalidOperationException("The engine's commit did not append the arena commit its command key names.");

    [DoesNotReturn]
    private static void ThrowTaskTaken(string taskId, string caseNumber) =>
        throw new StoreException($"Task id {taskId} already belongs to case {caseNumber}.", isTransient: false);

    [DoesNotReturn]
    private static void ThrowMessageTaken(OutboxMessageKey key) =>
        throw new StoreException($"Outbox message id {key} was already committed.", isTransient: false);

    // Gives back what a refused commit claimed. A method of its own: a loop inside a catch keeps the runtime from
    // compiling Commit in tiers (it went straight to full optimization, without the profile that lets the JIT
    // devirtualize its list reads).
    private void Unclaim(CommitMessages outbox, int claimed, string? commandKey)
    {
        for (var i = 0; i < claimed; i++) _outboxById.Remove(outbox.KeyAt(i));
        if (commandKey is not null) _commands.Remove(commandKey);
    }

    // True when ids (a case's open task ids: a handful) holds taskId; the engine passes the same string instances.
    private static bool Names(IReadOnlyList<string> ids, string taskId)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], taskId, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The ids of <paramref name="openTasks"/>: <paramref name="named"/> (a list the store keeps anyway) when it
    /// names exactly those, in order; else a new array.</summary>
    private static IReadOnlyList<string> IdsOf(ReadOnlySpan<TaskRecord> openTasks, IReadOnlyList<string>? named)
    {
        if (openTasks.Length == 0) return [];
        if (named is not null && named.Count == openTasks.Length)
        {
            var same = true;
            for (var i = 0; i < openTasks.Length && same; i++) same = string.Equals(named[i], openTasks[i].TaskId, StringComparison.Ordinal);
            if (same) return named;
        }
        var ids = new string[openTasks.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = openTasks[i].TaskId;
        return ids;
    }

    private static bool StillOpen(string taskId, ReadOnlySpan<TaskRecord> openTasks)
    {
        // A case has a handful of open tasks; a scan is cheaper than a set.
        for (var i = 0; i < openTasks.Length; i++)
        {
            if (string.Equals(openTasks[i].TaskId, taskId, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<DateTimeOffset?>(_due.Count == 0 ? null : _due.Min.Due);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var result = new List<CaseRecord>();
        lock (_gate)
        {
            foreach (var (due, caseNumber) in _due)
            {
                if (due > upTo || result.Count == limit) break;
                result.Add(_cases[caseNumber].Record);
            }
        }
        return Task.FromResult<IReadOnlyList<CaseRecord>>(result);
    }

    /// <inheritdoc />
    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        List<TaskRecord> matches;
        lock (_gate) matches = _tasks.Values.Where(t => CaseCommitValidator.Matches(query, t)).ToList();
        matches.Sort(CaseCommitValidator.CompareTasks);
        var items = matches.Skip(query.Offset).Take(query.Limit).ToList();
        return Task.FromResult(new Page<TaskRecord>(items, matches.Count, query.Offset));
    }

    /// <inheritdoc />
    public Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        lock (_gate)
        {
            // Matched and sorted by their rows: only the page's cases are given their snapshots (a pending one is written
            // then, see CaseEntry).
            var matches = _cases.Values.Where(e => CaseCommitValidator.Matches(query, e.Row)).ToList();
            // Newest submission first; the case number breaks ties so pages never overlap.
            matches.Sort((x, y) =>
            {
                var c = y.Row.SubmittedAt.CompareTo(x.Row.SubmittedAt);
                return c != 0 ? c : string.CompareOrdinal(x.Row.CaseNumber, y.Row.CaseNumber);
            });
            var items = matches.Skip(query.Offset).Take(query.Limit).Select(e => e.Record).ToList();
            return Task.FromResult(new Page<CaseRecord>(items, matches.Count, query.Offset));
        }
    }

    private static readonly Task<CaseRecord?> NoCase = Task.FromResult<CaseRecord?>(null);
}
