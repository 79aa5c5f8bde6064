using OneStop.Engine.Evaluations;
using OneStop.Engine.Lifecycle;
using OneStop.Engine.Statistics;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>好差评 on the engine: an evaluation is an event of the case (so it is hash-chained with the rest), and its
/// row is written to the store's evaluation table in the same commit.</summary>
internal sealed partial class CaseEngine : ICaseEvaluations
{
    private WorkingCalendar? _fallbackCalendar;

    private StatisticsExtension? Statistics => Array.Find(_extensions, e => e is StatisticsExtension) as StatisticsExtension;

    private WorkingCalendar Calendar => Statistics?.Calendar ?? (_fallbackCalendar ??= WorkingCalendar.CreateDefault());

    /// <inheritdoc />
    public Task<CommandResult> EvaluateAsync(Evaluate command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.CaseNumber, nameof(command) + ".CaseNumber");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Actor, nameof(command) + ".Actor");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.IdempotencyKey, nameof(command) + ".IdempotencyKey");
        ArgumentOutOfRangeException.ThrowIfLessThan(command.Rating, 1, nameof(command) + ".Rating");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(command.Rating, 5, nameof(command) + ".Rating");
        if (!Enum.IsDefined(command.Channel)) throw new ArgumentOutOfRangeException(nameof(command), command.Channel, "Unknown evaluation channel.");
        return RunEvaluationAsync(command.CaseNumber, command.Actor, command.IdempotencyKey, EvaluationRole, ctx =>
        {
            var s = ctx.Snapshot;
            if (s.State is not (CaseState.Concluded or CaseState.Rejected))
                throw new EvaluationNotAllowedException(s.CaseNumber, s.State, command.Channel, "only a concluded (办结) or refused (不予受理) case can be evaluated");
            if (EvaluationApplier.Find(s, command.Channel) is not null)
                throw new EvaluationNotAllowedException(s.CaseNumber, s.State, command.Channel, "the case was already evaluated on this channel");
            DateTimeOffset? contactDue = null, rectifyDue = null;
            if (command.Rating <= 2)
            {
                var options = Statistics?.Evaluations ?? new EvaluationOptions();
                contactDue = Calendar.Add(ctx.Now, options.ContactWithin).Instant;
                rectifyDue = Calendar.Add(ctx.Now, options.RectifyWithin).Instant;
            }
            ctx.Raise(new CaseEvaluated(command.Channel, command.Rating, command.Comment, contactDue, rectifyDue));
            if (contactDue is { } contact && rectifyDue is { } rectify)
            {
                var options = Statistics?.Evaluations ?? new EvaluationOptions();
                StartRectificationClock(ctx, ContactClock, options.ContactWithin, contact);
                StartRectificationClock(ctx, RectifyClock, options.RectifyWithin, rectify);
            }
            return command.Channel;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommandResult> RecordRectificationAsync(RecordRectification command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.CaseNumber, nameof(command) + ".CaseNumber");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Actor, nameof(command) + ".Actor");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.IdempotencyKey, nameof(command) + ".IdempotencyKey");
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Note, nameof(command) + ".Note");
        return RunEvaluationAsync(command.CaseNumber, command.Actor, command.IdempotencyKey, RectificationRole, ctx =>
        {
            var s = ctx.Snapshot;
            var evaluation = EvaluationApplier.Find(s, command.Channel);
            if (evaluation is not { IsBad: true })
                throw new EvaluationNotAllowedException(s.CaseNumber, s.State, command.Channel, "there is no bad evaluation (差评) to rectify on this channel");
            var done = command.Stage == RectificationStage.Contacted ? evaluation.ContactedAt : evaluation.RectifiedAt;
            if (done is not null)
                throw new EvaluationNotAllowedException(s.CaseNumber, s.State, command.Channel, $"the {command.Stage.ToString().ToLowerInvariant()} step was already recorded");
            ctx.Raise(new RectificationRecorded(command.Channel, command.Stage, command.Note));
            StopRectificationClocks(ctx, command.Stage);
            return command.Channel;
        }, cancellationToken);
    }

    /// <summary>Roles the <see cref="IActorAuthorizer"/> is asked about (documented in docs/statistics.md): rating a case
    /// (normally its applicant, or a channel relaying the applicant's rating), and recording the handling of a 差评
    /// (the case's department). Evaluations have no <see cref="CaseAction"/> of their own — the lifecycle table covers
    /// only the legal lifecycle — so the check carries <see cref="CaseAction.CommentTask"/> and is told apart by its role
    /// and by the absence of a task id.</summary>
    internal const string EvaluationRole = "evaluation", RectificationRole = "evaluation.rectification";

    /// <summary>Clock names; the supervision rule <c>time.rectification-overdue</c> matches the <c>rectification</c> prefix.</summary>
    private const string ContactClock = "rectification-contact", RectifyClock = "rectification";

    /// <summary>Starts a rectification clock of the case clocks, so the deadline scheduler fires it when missed and
    /// supervision raises <c>time.rectification-overdue</c>.</summary>
    private void StartRectificationClock(CommandContext ctx, string name, Definitions.TimeAmount limit, DateTimeOffset due)
    {
        var id = name + "#" + (ctx.Snapshot.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var budget = Math.Max(0, Calendar.WorkingMinutesBetween(ctx.Now, due));
        var provisional = Calendar.IsProvisional(ctx.Now, due);
        ctx.Raise(new Clocks.ClockStarted(id, ClockKind.Rectification, -1, null, limit, ctx.Now, due, budget, provisional,
            [new Clocks.ThresholdPlan(Clocks.ThresholdState.DueId, Definitions.AlertLevel.Red, due)]));
    }

    /// <summary>Stops the running rectification clocks a recorded step settles (rectifying settles the contact too).</summary>
    private static void StopRectificationClocks(CommandContext ctx, RectificationStage stage)
    {
        var ids = new List<string>();
        foreach (var c in ctx.Snapshot.Clocks ?? [])
        {
            if (c.Kind != ClockKind.Rectification || c.Status == ClockStatus.Stopped) continue;
            var contact = c.Id.StartsWith(ContactClock + "#", StringComparison.Ordinal);
            if (contact || stage == RectificationStage.Rectified) ids.Add(c.Id);
        }
        if (ids.Count > 0) ctx.Raise(new Clocks.ClocksStopped(ids, stage == RectificationStage.Rectified ? "rectified" : "contacted"));
    }

    /// <summary>The snapshot object the cache holds for a case, or null (tests).</summary>
    internal Flow.CaseSnapshot? CachedSnapshot(string caseNumber) => _cache.Peek(caseNumber);

    private async Task<CommandResult> RunEvaluationAsync(string caseNumber, string actor, string key, string role, Func<CommandContext, EvaluationChannel> handle, CancellationToken cancellationToken)
    {
        if (await RepeatAsync(key, cancellationToken).ConfigureAwait(false) is { } repeat) return repeat;
        // Taken out of the cache for update, as lifecycle commands take it (no deep copy of clocks and tasks): the commit
        // puts it back; a refusal before any event puts it back untouched, one after (the authorizer's) leaves it out, so
        // the next command rebuilds the case from the store.
        var (snapshot, plan, head) = await LoadAsync(caseNumber, cancellationToken, forUpdate: true).ConfigureAwait(false);
        var ctx = new CommandContext(snapshot, plan, _time.GetUtcNow(), actor, key, _time.LocalTimeZone, head);
        // Legality first (as for lifecycle commands): the handler's checks run before any event, then the host is
        // asked; a refusal throws before anything is committed.
        EvaluationChannel channel;
        try
        {
            channel = handle(ctx);
        }
        catch (OneStopException) when (ctx.Events.Count == 0)
        {
            _cache.Put(snapshot);
            throw;
        }
        // The applicant rates for no department; a rectification is the case's department's work.
        var department = role == RectificationRole ? snapshot.Department : null;
        await AuthorizeAsync(new ActorAuthorizationArguments(actor, CaseAction.CommentTask, snapshot.CaseNumber, snapshot.ItemCode, role, department, null),
            cancellationToken).ConfigureAwait(false);
        var e = EvaluationApplier.Find(ctx.Snapshot, channel)!;
        ctx.Evaluations =
        [
            new EvaluationRecord(snapshot.CaseNumber, channel.ToString(), e.Rating, e.At, snapshot.ItemCode, snapshot.Department, e.Comment,
                e.ContactDue, e.RectifyDue, e.ContactedAt, e.RectifiedAt),
        ];
        // The action only steers logging, which treats every action but Submit alike.
        return await CommitAsync(ctx, CaseAction.CommentTask, null, cancellationToken).ConfigureAwait(false);
    }
}
