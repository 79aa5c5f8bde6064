using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OneStop.Engine.Audit;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Lifecycle;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

internal sealed partial class CaseEngine
{
    // Not async: the in-memory store commits at once, so the usual command's commit needs no state machine; other stores
    // continue in CommitToStoreAsync. Every caller awaits the call inside its own async body, where a throw at the
    // call is the same as one from the task.
    private ValueTask<CommandResult> CommitAsync(CommandContext ctx, CaseAction action, DefinitionRecord? definition, CancellationToken cancellationToken)
    {
        var s = ctx.Snapshot;
        ReportToParent(ctx);
        CommitContext? commit = null;
        if (_extensions.Length > 0)
        {
            commit = new CommitContext(ctx);
            foreach (var extension in _extensions) extension.OnCommitting(commit);
        }

        var events = ctx.Events;
        var memory = _store as InMemoryCaseStore;

        // The in-memory store reads the rows from the context's buffer; other stores get an array of their own.
        var taskCount = s.Tasks.Count;
        var tasks = memory is not null ? ctx.TaskRows(taskCount) : taskCount == 0 ? [] : new TaskRecord[taskCount];
        for (var k = 0; k < taskCount; k++)
        {
            var t = s.Tasks[k];
            var stepId = ctx.Plan.Nodes[t.Node].Id;
            var due = TaskDue.Of(s, t.Node);
            // Rows are immutable: the task's row (it keeps the task's columns, see TaskState) serves while its step, case
            // and due instant still hold; a draft (a restored task) gets its first row.
            tasks[k] = t.Row is { } row && ReferenceEquals(row.StepId, stepId) && row.Due == due && ReferenceEquals(row.CaseNumber, s.CaseNumber)
                ? row
                : t.Row = new TaskRecord(t.Id, s.CaseNumber, ctx.Plan.SeatColumnsOf(t.Node, t.Seat, t.Role, t.Department), t.Assignee, t.CreatedAt, due);
        }

        var result = ResultOf(s, events.Count);
        var snapshotDue = SnapshotDue(s, ctx.PreviousVersion);
        // The in-memory store writes a due snapshot's bytes only when a reader asks for them (it replays its log then):
        // the row's columns carry none, and the store is given the case.
        // A store that copies the bytes during its CommitAsync call (ISnapshotCopyingStore) gets them in the thread's
        // reused buffer, free again once the call returns; any other store gets an array of its own.
        var snapshot = !snapshotDue || memory is not null ? default(ReadOnlyMemory<byte>)
            : _store is ISnapshotCopyingStore ? SnapshotBuffer.Write(s)
            : JsonBytes.SerializeSnapshot(s);
        // The row's columns: the in-memory store keeps them as they are (and builds the row for its readers).
        var columns = new CaseColumns(s.CaseNumber, s.ItemCode, s.ItemVersion, s.ContentHash, s.Department, EnumText<OneStop.Definitions.ItemKind>.Of(s.Kind),
            EnumText<CaseState>.Of(s.State), s.Outcome is { } outcome ? EnumText<CaseOutcome>.Of(outcome) : null, s.Applicant, s.Version, s.SubmittedAt, s.UpdatedAt, s.ConcludedAt, ctx.EarliestDue,
            snapshot, snapshotDue ? s.Version : s.StoredSnapshotVersion, ctx.Metrics);
        if (memory is null) return CommitToStoreAsync(ctx, action, definition, commit, tasks, result, columns, snapshotDue, cancellationToken);
        try
        {
            // The in-memory store takes the parts as they are (no commit, command record or outbox message objects).
            cancellationToken.ThrowIfCancellationRequested();
            // The store keeps the events (or builds their records when they do not follow its log) and sets the row's head;
            // the case goes back into the cache, which shares the store's lock, with the commit.
            lock (memory.Gate)
            {
                memory.CommitEngineLocked(columns, ctx.PreviousVersion, events, ctx.Now, ctx.Actor, ctx.PreviousHead, tasks.AsSpan(0, taskCount), ctx.Outbox,
                    ctx.CommandKey, result, definition, ctx.Alerts, ctx.Evaluations, snapshotDue ? s : null, ctx.Plan);
                CacheCommitted(ctx, snapshotDue, locked: true);
            }
        }
        catch (DuplicateCommandException)
        {
            return RepeatOfDuplicateAsync(ctx, cancellationToken);
        }
        catch (ConcurrencyException)
        {
            _cache.Remove(s.CaseNumber);
            throw;
        }
        return new(Committed(ctx, action, commit, result));
    }

    // The commit through the store contract (every store but the in-memory one). Not async: the commit, its row (with
    // the snapshot bytes), records and tasks are built and handed to the store here, and only the store's task is awaited
    // (AwaitStoreAsync), so the state machine that waits for the group's fsync keeps none of them alive.
    private ValueTask<CommandResult> CommitToStoreAsync(CommandContext ctx, CaseAction action, DefinitionRecord? definition, CommitContext? commit,
        TaskRecord[] tasks, CommandResult result, CaseColumns columns, bool snapshotStored, CancellationToken cancellationToken)
    {
        Task written;
        try
        {
            written = StartStoreCommit(ctx, definition, tasks, result, columns, cancellationToken);
        }
        catch (Exception ex)
        {
            // Thrown at the call (building the commit, or a store that throws rather than fault its task): awaited below
            // as the async method before it observed it, so the same handlers see it.
            written = Task.FromException(ex);
        }
        finally
        {
            // The store has read the reused buffer's bytes by now (ISnapshotCopyingStore), or was given an array.
            SnapshotBuffer.Release();
        }
        if (written.IsCompletedSuccessfully)
        {
            CacheCommitted(ctx, snapshotStored, locked: false);
            return new(Committed(ctx, action, commit, result));
        }
        return AwaitStoreAsync(written, ctx, action, commit, result, snapshotStored, cancellationToken);
    }

    private Task StartStoreCommit(CommandContext ctx, DefinitionRecord? definition, TaskRecord[] tasks, CommandResult result, in CaseColumns columns, CancellationToken cancellationToken)
    {
        var s = ctx.Snapshot;
        var events = ctx.Events;
        var first = ctx.PreviousVersion + 1;
        // Each record follows its predecessor in the case's hash chain; payloads and links are computed only when a
        // store (or the verifier) reads them, from the event and the predecessor the record keeps.
        var records = new CommitEvents(s.CaseNumber, first, ctx.Now, ctx.Actor, ctx.CommandKey, events, ctx.PreviousHead);
        var caseRecord = columns.ToRecord(new ChainLink(records, default, first + events.Count - 1));
        return _store.CommitAsync(new CaseCommit(caseRecord, ctx.PreviousVersion, records, tasks, MessagesOf(ctx, first), new CommandRecord(ctx.CommandKey, result), definition)
        {
            Alerts = ctx.Alerts,
            Evaluations = ctx.Evaluations,
        }, cancellationToken);
    }

    private async ValueTask<CommandResult> AwaitStoreAsync(Task written, CommandContext ctx, CaseAction action, CommitContext? commit, CommandResult result,
        bool snapshotStored, CancellationToken cancellationToken)
    {
        try
        {
            await written.ConfigureAwait(false);
        }
        catch (DuplicateCommandException)
        {
            return await RepeatOfDuplicateAsync(ctx, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            _cache.Remove(ctx.Snapshot.CaseNumber);
            throw;
        }
        CacheCommitted(ctx, snapshotStored, locked: false);
        return Committed(ctx, action, commit, result);
    }

    // A concurrent repeat of the same key won: its result.
    private async ValueTask<CommandResult> RepeatOfDuplicateAsync(CommandContext ctx, CancellationToken cancellationToken) =>
        await RepeatAsync(ctx.CommandKey, cancellationToken).ConfigureAwait(false) ?? throw new ConcurrencyException(ctx.Snapshot.CaseNumber, ctx.PreviousVersion, -1);

    // Once the store took the commit: the committed case back into the cache (with the cache's lock held when locked).
    private void CacheCommitted(CommandContext ctx, bool snapshotStored, bool locked)
    {
        var s = ctx.Snapshot;
        if (snapshotStored) s.StoredSnapshotVersion = s.Version;
        s.Plan = ctx.Plan;
        // A closed case keeps no open tasks: the cache keeps it with the parts its plan's closed cases share (an empty
        // task list, usually the same per-node arrays), copied again only if the case changes.
        if (s.Tasks.Count == 0 && LifecycleTable.IsClosed(s.State)) s.ShareClosedParts(ctx.Plan);
        if (locked) _cache.PutLocked(s);
        else _cache.Put(s);
    }

    // After the store took the commit and the case is cached: counters, the worker, extensions and logs.
    private CommandResult Committed(CommandContext ctx, CaseAction action, CommitContext? commit, CommandResult result)
    {
        var s = ctx.Snapshot;
        // Counted only while a listener measures it.
        if (_telemetry.OpenTasks.Enabled) _telemetry.OpenTasks.Add(s.Tasks.Count - CountOpenBefore(ctx));
        // Wake the worker only when one runs: Notify on an unconsumed signal costs a caught exception.
        if (ctx.Outbox.Count > 0 && WorkerAttached) Dispatcher.Notify();
        if (commit is not null)
        {
            foreach (var extension in _extensions) extension.OnCommitted(commit);
        }
        LogDecisions(ctx, action);
        return result;
    }

    /// <summary>The commit's outbox rows as messages. Their ids are stable: case, first event sequence of the commit
    /// (<paramref name="first"/>), position — unique and reproducible (the in-memory store keeps them as
    /// <see cref="OutboxMessageKey"/>s, without these strings).</summary>
    private static OutboxMessage[] MessagesOf(CommandContext ctx, long first)
    {
        var outbox = ctx.Outbox;
        if (outbox.Count == 0) return [];
        var messages = new OutboxMessage[outbox.Count];
        for (var k = 0; k < messages.Length; k++)
        {
            var m = outbox[k];
            var id = string.Create(CultureInfo.InvariantCulture, $"{ctx.Snapshot.CaseNumber}:{first}:{k}");
            messages[k] = m.TypeInfo is null
                ? new OutboxMessage(id, ctx.Snapshot.CaseNumber, m.Channel, m.Type, (byte[])m.Payload, ctx.Now)
                : new OutboxMessage(id, ctx.Snapshot.CaseNumber, m.Channel, m.Type, m.ValueAt(ctx.Now), m.TypeInfo, ctx.Now);
        }
        return messages;
    }

    private static int CountOpenBefore(CommandContext ctx)
    {
        // Tasks opened minus tasks closed by this command, subtracted from the current count.
        var delta = 0;
        foreach (var e in ctx.Events)
        {
            switch (e)
            {
                case TaskOpened: delta++; break;
                case TaskApproved or TaskDenied or TaskAbstained: delta--; break;
                case TasksCancelled c: delta -= c.TaskIds.Count; break;
                case SignerAdded { Before: true }: delta--; break;
            }
        }
        return ctx.Snapshot.Tasks.Count - delta;
    }

    /// <summary>A subcase that reaches its decision (or closes without one) reports to its parent step through the outbox.</summary>
    private static void ReportToParent(CommandContext ctx)
    {
        var s = ctx.Snapshot;
        if (s.ParentCase is null || ctx.PreviousState == s.State) return;
        var decidedNow = s.State == CaseState.Decided || (LifecycleTable.IsClosed(s.State) && !LifecycleTable.IsClosed(ctx.PreviousState) && ctx.PreviousState != CaseState.Decided);
        if (!decidedNow) return;
        var outcome = s.Outcome ?? CaseOutcome.Denied;
        ctx.AddOutbox(Channels.Subcase, "done",
            new SubcaseDoneMessage(s.ParentCase, s.ParentNode, s.ParentToken, s.CaseNumber, outcome), EngineJsonContext.Default.SubcaseDoneMessage);
    }

    internal static CommandResult ResultOf(CaseSnapshot s, int eventCount) =>
        new(s.CaseNumber, s.Version, s.State, s.Outcome, eventCount, OpenTaskIds(s));

    /// <summary>The open task ids, read-only to the caller (the idempotency record serializes the same result when it
    /// is first read). A command that leaves the same tasks open (a transfer, a comment) shares the previous list.</summary>
    private static TaskIdList OpenTaskIds(CaseSnapshot s)
    {
        var tasks = s.Tasks;
        if (s.LastTaskIds is { } last && last.Count == tasks.Count)
        {
            var same = true;
            for (var k = 0; k < tasks.Count && same; k++) same = ReferenceEquals(last[k], tasks[k].Id);
            if (same) return last;
        }
        return s.LastTaskIds = TaskIdList.Of(tasks);
    }

    private void LogDecisions(CommandContext ctx, CaseAction action)
    {
        if (!_logger.IsEnabled(LogLevel.Information)) return;
        foreach (var e in ctx.Events)
        {
            switch (e)
            {
                case CaseDecided d: LogDecided(ctx.Snapshot.CaseNumber, d.Outcome, d.ByFlow, d.TasksIncomplete); break;
                case CaseRejected r: LogRejected(ctx.Snapshot.CaseNumber, r.Reason); break;
                case CaseTerminated t: LogTerminated(ctx.Snapshot.CaseNumber, t.Reason); break;
                case CorrectionRequested { Repeated: true } c: LogSecondNotice(ctx.Snapshot.CaseNumber, c.RepeatReason); break;
                case CaseReturned r: LogReturned(ctx.Snapshot.CaseNumber, r.Target, r.Reason); break;
            }
        }
        if (action == CaseAction.Submit) LogSubmitted(ctx.Snapshot.CaseNumber, ctx.Snapshot.ItemCode);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Case {CaseNumber} submitted for item {ItemCode}.")]
    private partial void LogSubmitted(string caseNumber, string itemCode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Case {CaseNumber} decided {Outcome} (by flow: {ByFlow}, tasks incomplete: {TasksIncomplete}).")]
    private partial void LogDecided(string caseNumber, CaseOutcome outcome, bool byFlow, bool tasksIncomplete);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Case {CaseNumber} rejected: {Reason}.")]
    private partial void LogRejected(string caseNumber, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Case {CaseNumber} terminated: {Reason}.")]
    private partial void LogTerminated(string caseNumber, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Case {CaseNumber}: second correction notice ({Reason}).")]
    private partial void LogSecondNotice(string caseNumber, string? reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Case {CaseNumber} returned to {Target}: {Reason}.")]
    private partial void LogReturned(string caseNumber, string target, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Actor {Actor} was refused {Action} on case {CaseNumber}.")]
    private partial void LogUnauthorized(string actor, CaseAction action, string? caseNumber);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "A refused command on case {CaseNumber} could not be recorded for supervision.")]
    private partial void LogRefusalNotRecorded(string caseNumber, Exception exception);
}
