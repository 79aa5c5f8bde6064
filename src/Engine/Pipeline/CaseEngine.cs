using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OneStop.Definitions;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Observability;
using OneStop.Engine.Outbox;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>The engine: load → authorise → handle (events applied to a private copy) → extensions → one atomic
/// commit with an optimistic version check. Snapshots of recently used cases are cached by version; the store
/// stays the truth (a stale cache is detected by version and ignored).</summary>
internal sealed partial class CaseEngine : ICaseEngine, IDisposable
{
    private readonly ICaseStore _store;
    private readonly DefinitionResolver _definitions;
    private readonly TimeProvider _time;
    private readonly IActorAuthorizer _authorizer;
    private readonly ICaseNumberGenerator _numbers;
    private readonly ICaseExtension[] _extensions;
    private readonly ILogger _logger;
    private readonly EngineTelemetry _telemetry;
    private readonly OneStopOptions _options;
    private readonly SnapshotCache _cache;
    private readonly CommandContextPool _contexts = new();

    public CaseEngine(ICaseStore store, Catalogue catalogue, TimeProvider time, IActorAuthorizer authorizer, ICaseNumberGenerator numbers,
        IEnumerable<INotificationSink> sinks, IEnumerable<IServiceHandler> services, IEnumerable<ICaseExtension> extensions,
        ILogger logger, EngineTelemetry telemetry, OneStopOptions options, IEnumerable<IOutboxChannelHandler>? channels = null,
        ILogger<OutboxDispatcher>? outboxLogger = null)
    {
        _store = store;
        _definitions = new DefinitionResolver(catalogue, store);
        _time = time;
        _authorizer = authorizer;
        _numbers = numbers;
        _extensions = [.. extensions];
        _logger = logger;
        _telemetry = telemetry;
        _options = options;
        // On the in-memory store the cache shares the store's lock: a command reads its row and takes its case, and later
        // commits and puts the case back, under one lock each instead of two.
        _cache = new SnapshotCache(options.SnapshotCacheSize, (store as InMemoryCaseStore)?.Gate);
        Delivery = new EngineOutboxDelivery(this, sinks, services, channels ?? [], logger);
        Dispatcher = new OutboxDispatcher(store, Delivery, time, options.Outbox, outboxLogger);
    }

    /// <summary>The catalogue new cases use.</summary>
    public Catalogue Catalogue => _definitions.Catalogue;

    /// <summary>The store.</summary>
    public ICaseStore Store => _store;

    /// <summary>Routes outbox messages to sinks, handlers and subcases.</summary>
    internal EngineOutboxDelivery Delivery { get; }

    /// <summary>True while the hosted outbox worker runs (commits then wake it at once).</summary>
    internal bool WorkerAttached { get; set; }

    /// <summary>The outbox dispatcher (run by the hosted worker, or by hand).</summary>
    public OutboxDispatcher Dispatcher { get; }

    // A submission without form values or materials shares these (events are never changed once raised: the case
    // copies what it keeps, and readers get fresh ones from the stored bytes).
    private static readonly Dictionary<string, string> NoForm = new(StringComparer.Ordinal);
    private static readonly List<string> NoMaterials = [];

    /// <inheritdoc />
    public ValueTask<CommandResult> SubmitAsync(SubmitCase command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.ItemCode, nameof(command) + ".ItemCode");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Actor, nameof(command) + ".Actor");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.IdempotencyKey, nameof(command) + ".IdempotencyKey");
        return SubmitCoreAsync(command, null, cancellationToken);
    }

    /// <summary>Files a case; <paramref name="parent"/> links a subcase to its parent step.</summary>
    internal async ValueTask<CommandResult> SubmitCoreAsync(SubmitCase command, SubcaseStartMessage? parent, CancellationToken cancellationToken)
    {
        using var activity = _telemetry.Source.StartActivity("onestop.submit");
        activity?.SetTag("onestop.item", command.ItemCode);
        var started = StartTimestamp();
        try
        {
            if (await RepeatAsync(command.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } repeat) return repeat;
            var plan = _definitions.ForNewCase(command.ItemCode, command.ItemVersion);
            var item = plan.Item;
            await AuthorizeAsync(new ActorAuthorizationArguments(command.Actor, CaseAction.Submit, null, item.ItemCode, null, item.Department, null), cancellationToken).ConfigureAwait(false);
            foreach (var m in command.Materials ?? [])
            {
                if (!item.Schema.TryGetMaterial(m, out _)) throw new InvalidCommandException(null, CaseAction.Submit, $"'{m}' is not a material of item {item}");
            }
            for (var attempt = 1; ; attempt++)
            {
                var now = _time.GetUtcNow();
                var number = await _numbers.NextAsync(new CaseNumberArguments(item.ItemCode, item.Department, now, attempt), cancellationToken).ConfigureAwait(false);
                var ctx = _contexts.Rent(CaseSnapshot.Filing(number), plan, now, command.Actor, command.IdempotencyKey, _time.LocalTimeZone, default);
                ctx.Raise(new CaseSubmitted(item.ItemCode, item.Version, item.ContentHash, item.Department, item.Kind, command.Applicant ?? "",
                    command.Form is not { Count: > 0 } form ? NoForm : new Dictionary<string, string>(form, StringComparer.Ordinal),
                    command.Materials is not { Count: > 0 } materials ? NoMaterials : [.. materials],
                    plan.Nodes.Length, parent?.ParentCase, parent?.Node ?? -1, parent?.Token ?? 0));
                ctx.NotifyApplicant(NotificationKind.Receipt);
                try
                {
                    var result = await CommitAsync(ctx, CaseAction.Submit, plan.Definition, cancellationToken).ConfigureAwait(false);
                    _contexts.Return(ctx);
                    Record(CaseAction.Submit, started, null);
                    return result;
                }
                catch (ConcurrencyException) when (attempt < _options.MaxCaseNumberAttempts)
                {
                    // The number is taken (another node, or a restart with an older counter): ask for the next one.
                }
            }
        }
        catch (Exception ex) when (Fail(CaseAction.Submit, started, ex, activity))
        {
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Without a trace listener the command runs without a state machine of its own when it completes at once
    /// (the in-memory store); it measures and fails exactly as <see cref="ExecuteTracedAsync"/> does.</remarks>
    public ValueTask<CommandResult> ExecuteAsync(CaseCommand command, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentException.ThrowIfNullOrWhiteSpace(command.CaseNumber, nameof(command) + ".CaseNumber");
            ArgumentException.ThrowIfNullOrWhiteSpace(command.Actor, nameof(command) + ".Actor");
            ArgumentException.ThrowIfNullOrWhiteSpace(command.IdempotencyKey, nameof(command) + ".IdempotencyKey");
        }
        catch (ArgumentException ex)
        {
            // An invalid command fails the task, as it always has (the caller sees it when awaiting).
            return ValueTask.FromException<CommandResult>(ex);
        }
        // A span must stay open until the command ends.
        if (_telemetry.Source.HasListeners()) return ExecuteTracedAsync(command, cancellationToken);
        var started = StartTimestamp();
        var pending = ExecuteCoreAsync(command, cancellationToken);
        if (!pending.IsCompletedSuccessfully) return RecordedAsync(pending, command.Action, started);
        var result = pending.Result;
        Record(command.Action, started, null);
        return new(result);
    }

    // A command that did not complete at once (or failed): measured and recorded as ExecuteTracedAsync does, untraced.
    private async ValueTask<CommandResult> RecordedAsync(ValueTask<CommandResult> pending, CaseAction action, long started)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            Record(action, started, null);
            return result;
        }
        catch (Exception ex) when (Fail(action, started, ex, null))
        {
            throw;
        }
    }

    // The command inside a span (someone listens to the engine's traces).
    private async ValueTask<CommandResult> ExecuteTracedAsync(CaseCommand command, CancellationToken cancellationToken)
    {
        using var activity = _telemetry.Source.StartActivity("onestop.command");
        activity?.SetTag("onestop.case", command.CaseNumber);
        activity?.SetTag("onestop.action", EnumText<CaseAction>.Of(command.Action));
        var started = StartTimestamp();
        try
        {
            var result = await ExecuteCoreAsync(command, cancellationToken).ConfigureAwait(false);
            Record(command.Action, started, null);
            return result;
        }
        catch (Exception ex) when (Fail(command.Action, started, ex, activity))
        {
            throw;
        }
    }

    /// <summary>Load, legality, authorisation, handler, commit. There is no idempotency read up front: a command key
    /// committed before is found by the commit itself (the store refuses a committed key before anything else, and the
    /// first result is returned, see <see cref="CommitAsync"/>), and by every path that ends without a commit (a refusal,
    /// nothing to record), which reads the remembered result first. So a repeat returns the first result and changes
    /// nothing, as before, and the usual command saves one store read.</summary>
    /// <remarks>Not async: when the load, the authorizer and the commit complete at once (the in-memory store, a cache
    /// hit), the command runs without a state machine; at the first step that does not, it continues awaited
    /// (<see cref="ExecuteLoadingAsync"/>, <see cref="ExecuteAuthorizingAsync"/>, <see cref="CommittedAsync"/>). It never
    /// throws at the call: every failure comes back in the task, as from an async method.</remarks>
    private ValueTask<CommandResult> ExecuteCoreAsync(CaseCommand command, CancellationToken cancellationToken)
    {
        try
        {
            CaseSnapshot? snapshot = null;
            FlowPlan? plan = null;
            CommandContext ctx;
            try
            {
                if (!TryTakeCached(command.CaseNumber, out snapshot, out plan, out var head))
                {
                    var loading = LoadAsync(command.CaseNumber, cancellationToken, forUpdate: true);
                    if (!loading.IsCompletedSuccessfully) return ExecuteLoadingAsync(command, loading, cancellationToken);
                    (snapshot, plan, head) = loading.Result;
                }
                // Legality first: an illegal action is reported as such whoever asks.
                Lifecycle.LifecycleTable.Require(snapshot.CaseNumber, snapshot.State, command.Action);
                var authorizing = AuthorizeCommandAsync(snapshot, plan, command, cancellationToken);
                if (!authorizing.IsCompletedSuccessfully) return ExecuteAuthorizingAsync(command, snapshot, plan, head, authorizing, cancellationToken);
                authorizing.GetAwaiter().GetResult();
                ctx = Handle(command, snapshot, plan, head);
            }
            catch (OneStopException ex) when (ex is not StoreException)
            {
                return RefusedOrRepeatAsync(command, snapshot, plan, ex, cancellationToken);
            }
            return Commit(command, ctx, cancellationToken);
        }
        catch (Exception ex)
        {
            return Failed(ex);
        }
    }

    // What an async method gives for an exception: a faulted task (a cancelled one for a cancellation), same stack.
#pragma warning disable CS1998 // The throw is the point: the builder turns it into the task's outcome.
    private static async ValueTask<CommandResult> Failed(Exception ex)
    {
        ExceptionDispatchInfo.Throw(ex);
        return null!;
    }
#pragma warning restore CS1998

    // ExecuteCoreAsync once the load did not complete at once.
    private async ValueTask<CommandResult> ExecuteLoadingAsync(CaseCommand command, ValueTask<(CaseSnapshot Snapshot, FlowPlan Plan, ChainLink Head)> loading,
        CancellationToken cancellationToken)
    {
        CaseSnapshot? snapshot = null;
        FlowPlan? plan = null;
        CommandContext ctx;
        try
        {
            (snapshot, plan, var head) = await loading.ConfigureAwait(false);
            Lifecycle.LifecycleTable.Require(snapshot.CaseNumber, snapshot.State, command.Action);
            await AuthorizeCommandAsync(snapshot, plan, command, cancellationToken).ConfigureAwait(false);
            ctx = Handle(command, snapshot, plan, head);
        }
        catch (OneStopException ex) when (ex is not StoreException)
        {
            return await RefusedOrRepeatAsync(command, snapshot, plan, ex, cancellationToken).ConfigureAwait(false);
        }
        return await Commit(command, ctx, cancellationToken).ConfigureAwait(false);
    }

    // ExecuteCoreAsync once the authorizer did not answer at once.
    private async ValueTask<CommandResult> ExecuteAuthorizingAsync(CaseCommand command, CaseSnapshot snapshot, FlowPlan plan, ChainLink head, ValueTask authorizing,
        CancellationToken cancellationToken)
    {
        CommandContext ctx;
        try
        {
            await authorizing.ConfigureAwait(false);
            ctx = Handle(command, snapshot, plan, head);
        }
        catch (OneStopException ex) when (ex is not StoreException)
        {
            return await RefusedOrRepeatAsync(command, snapshot, plan, ex, cancellationToken).ConfigureAwait(false);
        }
        return await Commit(command, ctx, cancellationToken).ConfigureAwait(false);
    }

    private CommandContext Handle(CaseCommand command, CaseSnapshot snapshot, FlowPlan plan, ChainLink head)
    {
        var ctx = _contexts.Rent(snapshot, plan, _time.GetUtcNow(), command.Actor, command.IdempotencyKey, _time.LocalTimeZone, head);
        CommandHandler.Handle(ctx, command);
        return ctx;
    }

    /// <summary>A refused command: a repeat is answered with the first result even when the case has moved on since (the
    /// action may be illegal now, or the case gone from this store); the refusal stands only for a command never
    /// committed, and the extensions hear of it.</summary>
    private async ValueTask<CommandResult> RefusedOrRepeatAsync(CaseCommand command, CaseSnapshot? snapshot, FlowPlan? plan, OneStopException ex,
        CancellationToken cancellationToken)
    {
        if (await RepeatAsync(command.IdempotencyKey, cancellationToken).ConfigureAwait(false) is { } repeat) return repeat;
        if (_extensions.Length > 0 && snapshot is not null && plan is not null && ex is UnauthorizedActionException or IllegalActionException)
            await RefusedAsync(new RefusalContext(snapshot, plan.Item, command, ex, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        ExceptionDispatchInfo.Throw(ex);
        return null!;
    }

    // The handled command's commit, or its remembered result when it changed nothing.
    private ValueTask<CommandResult> Commit(CaseCommand command, CommandContext ctx, CancellationToken cancellationToken)
    {
        if (ctx.Events.Count == 0)
        {
            // Nothing to record (a late service or subcase answer the flow no longer waits for); the case is unchanged.
            var unchanged = ctx.Snapshot;
            _contexts.Return(ctx);
            _cache.Put(unchanged);
            return UnchangedAsync(command.IdempotencyKey, unchanged, cancellationToken);
        }
        var committing = CommitAsync(ctx, command.Action, null, cancellationToken);
        if (!committing.IsCompletedSuccessfully) return CommittedAsync(ctx, committing);
        // Nothing holds the context after the commit (the store keeps copies of its events and outbox rows).
        _contexts.Return(ctx);
        return committing;
    }

    private async ValueTask<CommandResult> UnchangedAsync(string key, CaseSnapshot unchanged, CancellationToken cancellationToken) =>
        await RepeatAsync(key, cancellationToken).ConfigureAwait(false) ?? ResultOf(unchanged, 0);

    private async ValueTask<CommandResult> CommittedAsync(CommandContext ctx, ValueTask<CommandResult> committing)
    {
        var result = await committing.ConfigureAwait(false);
        _contexts.Return(ctx);
        return result;
    }

    /// <summary>Tells the extensions (supervision) about a refused command; their failures never replace the refusal.</summary>
    private async Task RefusedAsync(RefusalContext context, CancellationToken cancellationToken)
    {
        foreach (var extension in _extensions)
        {
            try
            {
                await extension.OnRefusedAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefusalNotRecorded(context.Case.CaseNumber, ex);
            }
        }
    }

    // Not async: a store whose read is already done (the in-memory one; the usual new key) answers without a state machine.
    private ValueTask<CommandResult?> RepeatAsync(string key, CancellationToken cancellationToken)
    {
        var read = _store.GetCommandAsync(key, cancellationToken);
        return read.IsCompletedSuccessfully ? new(Repeated(read.Result)) : AwaitRepeatAsync(read);
    }

    private static async ValueTask<CommandResult?> AwaitRepeatAsync(Task<CommandRecord?> read) => Repeated(await read.ConfigureAwait(false));

    private static CommandResult? Repeated(CommandRecord? previous) =>
        previous is null ? null : JsonSerializer.Deserialize(previous.Result.Span, EngineJsonContext.Default.CommandResult)! with { Repeated = true };

    /// <summary>Loads a private, mutable copy of the case, its plan and the row's hash chain head (which a commit of
    /// the loaded version links its events after): from the cache, or else the stored snapshot with the events after it
    /// replayed. With <paramref name="forUpdate"/> the cached snapshot itself is taken out of the cache (no copy): the
    /// commit puts it back, a failure leaves it out.</summary>
    /// <remarks>The usual command (the in-memory store, a cache hit on the plan the case last ran on) completes without
    /// a state machine; everything else continues in <see cref="LoadSlowAsync"/>. An unknown case may throw before the
    /// task is returned: every caller awaits the call inside its own async body, where that is the same.</remarks>
    internal ValueTask<(CaseSnapshot Snapshot, FlowPlan Plan, ChainLink Head)> LoadAsync(string caseNumber, CancellationToken cancellationToken, bool forUpdate = false)
    {
        if (_store is not InMemoryCaseStore memory) return LoadSlowAsync(caseNumber, null, cancellationToken, forUpdate);
        // The in-memory store answers without a task; the row and the cached case are read under its lock, which the
        // cache shares.
        EngineRow? row;
        CaseSnapshot? cached = null;
        var hit = false;
        lock (memory.Gate)
        {
            row = memory.GetEngineRowLocked(caseNumber);
            if (row is { } found)
                hit = forUpdate ? _cache.TryTakeLocked(caseNumber, found.Version, out cached) : _cache.TryCopyLocked(caseNumber, found.Version, out cached);
        }
        var record = row ?? throw new CaseNotFoundException(caseNumber);
        return hit ? FromCache(cached!, record, cancellationToken) : LoadSlowAsync(caseNumber, record, cancellationToken, forUpdate);
    }

    /// <summary>The usual command's load, as <see cref="LoadAsync"/> with <c>forUpdate</c> gives it: on the in-memory store,
    /// the row and the cached case at its version on the plan the case last ran on, taken under the store's lock. False
    /// (and nothing taken) for anything else, which <see cref="LoadAsync"/> then loads.</summary>
    /// <remarks>Without the tuple in a task and the row as a value of its own that <see cref="LoadAsync"/> passes along:
    /// their copies made the command's frame large, and the runtime clears a frame's references on every call.</remarks>
    private bool TryTakeCached(string caseNumber, out CaseSnapshot snapshot, out FlowPlan plan, out ChainLink head)
    {
        if (_store is InMemoryCaseStore memory)
        {
            lock (memory.Gate)
            {
                if (memory.TryGetEngineHeadLocked(caseNumber, out var version, out var snapshotVersion, out var contentHash, out head)
                    && _cache.TryTakeLocked(caseNumber, version, out snapshot))
                {
                    if (snapshot.Plan is { } p && string.Equals(p.Item.ContentHash, contentHash, StringComparison.Ordinal))
                    {
                        snapshot.StoredSnapshotVersion = snapshotVersion;
                        plan = p;
                        return true;
                    }
                    // Another text than the plan it last ran on: back as it was, for LoadAsync to look the plan up.
                    _cache.PutLocked(snapshot);
                }
            }
        }
        snapshot = null!;
        plan = null!;
        head = default;
        return false;
    }

    // A cache hit at the row's version. The plan the cached case last ran on serves while the row pins the same text
    // (usually the same string); otherwise the pinned one is looked up.
    private ValueTask<(CaseSnapshot Snapshot, FlowPlan Plan, ChainLink Head)> FromCache(CaseSnapshot cached, EngineRow record, CancellationToken cancellationToken)
    {
        cached.StoredSnapshotVersion = record.SnapshotVersion;
        return cached.Plan is { } p && string.Equals(p.Item.ContentHash, record.ContentHash, StringComparison.Ordinal)
            ? new((cached, p, record.Head))
            : WithPlanAsync(cached, record, cancellationToken);
    }

    // A cached case whose row pins another text than the plan it last ran on.
    private async ValueTask<(CaseSnapshot Snapshot, FlowPlan Plan, ChainLink Head)> WithPlanAsync(CaseSnapshot cached, EngineRow record, CancellationToken cancellationToken)
    {
        var plan = cached.Plan = await _definitions.ForCaseAsync(record.ItemCode, record.ItemVersion, record.ContentHash, cancellationToken).ConfigureAwait(false);
        return (cached, plan, record.Head);
    }

    /// <summary><see cref="LoadAsync"/> from the row (read here unless <paramref name="known"/>, the in-memory store's row
    /// whose cache lookup missed).</summary>
    private async ValueTask<(CaseSnapshot Snapshot, FlowPlan Plan, ChainLink Head)> LoadSlowAsync(string caseNumber, EngineRow? known, CancellationToken cancellationToken, bool forUpdate)
    {
        // The row without the snapshot's bytes first: the cache usually holds the case at the row's version.
        var record = known
            ?? (await _store.GetCaseRowAsync(caseNumber, cancellationToken).ConfigureAwait(false) is { } row ? (EngineRow?)EngineRow.Of(row) : null)
            ?? throw new CaseNotFoundException(caseNumber);
        if (known is null && (forUpdate ? _cache.TryTake(caseNumber, record.Version, out var cached) : _cache.TryCopy(caseNumber, record.Version, out cached)))
            return await FromCache(cached, record, cancellationToken).ConfigureAwait(false);
        var plan = await _definitions.ForCaseAsync(record.ItemCode, record.ItemVersion, record.ContentHash, cancellationToken).ConfigureAwait(false);
        // A miss: read the row again with its snapshot (it may have moved on meanwhile; the restore follows that row).
        var full = await _store.GetCaseAsync(caseNumber, cancellationToken).ConfigureAwait(false) ?? throw new CaseNotFoundException(caseNumber);
        return (await RestoreAsync(full, plan, cancellationToken).ConfigureAwait(false), plan, full.Head);
    }

    // Not async: the usual authorizer answers at once, and the checks here throw before anything is awaited (every
    // caller awaits inside its own async body, where a throw at the call is the same as one from the task).
    private ValueTask AuthorizeCommandAsync(CaseSnapshot s, FlowPlan plan, CaseCommand command, CancellationToken cancellationToken)
    {
        var taskId = CommandHandler.TaskIdOf(command);
        var task = taskId is null ? null : s.FindTask(taskId);
        var role = task?.Role;
        var department = task is null ? s.Department : task.Department ?? (task.Role is null ? s.Department : null);
        var args = new ActorAuthorizationArguments(command.Actor, command.Action, s.CaseNumber, s.ItemCode, role, department, taskId);
        // A held task is the holder's: others may only comment on it.
        if (task?.Assignee is { } holder && !string.Equals(holder, command.Actor, StringComparison.Ordinal) && command is not CommentTask and not ClaimTask)
            throw new UnauthorizedActionException(args, $"task {task.Id} is held by {holder}");
        return AuthorizeAsync(args, cancellationToken);
    }

    private ValueTask AuthorizeAsync(ActorAuthorizationArguments args, CancellationToken cancellationToken)
    {
        var answer = _authorizer.AuthorizeAsync(args, cancellationToken);
        if (!answer.IsCompletedSuccessfully) return AwaitAuthorizationAsync(answer, args);
        if (!answer.Result) Refuse(args);
        return default;
    }

    private async ValueTask AwaitAuthorizationAsync(ValueTask<bool> answer, ActorAuthorizationArguments args)
    {
        if (!await answer.ConfigureAwait(false)) Refuse(args);
    }

    private void Refuse(ActorAuthorizationArguments args)
    {
        LogUnauthorized(args.Actor, args.Action, args.CaseNumber);
        throw new UnauthorizedActionException(args);
    }

    /// <summary>The clock reading a command's duration starts from, or -1 while nobody measures durations (a listener
    /// that attaches during the command misses that one duration).</summary>
    private long StartTimestamp() => _telemetry.Duration.Enabled ? _time.GetTimestamp() : -1;

    private void Record(CaseAction action, long started, Exception? error)
    {
        // Nothing to measure without a listener (the elapsed time costs a clock read).
        if (!_telemetry.Duration.Enabled && !(error is null ? _telemetry.Commands : _telemetry.Failures).Enabled) return;
        var tag = new KeyValuePair<string, object?>("action", EnumText<CaseAction>.Of(action));
        if (started >= 0) _telemetry.Duration.Record(_time.GetElapsedTime(started).TotalMilliseconds, tag);
        if (error is null) _telemetry.Commands.Add(1, tag);
        else _telemetry.Failures.Add(1, tag, new KeyValuePair<string, object?>("error", error.GetType().Name));
    }

    private bool Fail(CaseAction action, long started, Exception ex, Activity? activity)
    {
        Record(action, started, ex);
        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _telemetry.Dispose();
}
