using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Clocks;

/// <summary>Keeps every case's statutory clocks in step with its lifecycle: after each command it stops clocks whose
/// subject is done, starts the clocks the command's events call for, pauses or resumes them around special
/// procedures, adds the extension once, and sets the case's earliest due instant for the scheduler.</summary>
internal sealed class ClockExtension(ClockPlanner planner, DeadlineSignal signal) : ICaseExtension
{
    /// <summary>The planner (calendar and warnings).</summary>
    public ClockPlanner Planner => planner;

    /// <inheritdoc />
    public void OnCommitting(CommitContext context)
    {
        var s = context.Case;
        var facts = Facts.Of(context.NewEvents);
        Stop(context, s, facts);
        Start(context, s, facts);
        PauseOrResume(context, s);
        if (facts.Extension is { } amount) Extend(context, s, amount);
        var earliest = Earliest(s);
        if (earliest is { } e && (context.EarliestDue is not { } other || e < other)) context.EarliestDue = e;
    }

    /// <inheritdoc />
    public void OnCommitted(CommitContext context) => signal.Raise(context.EarliestDue);

    /// <summary>The earliest pending threshold of any running clock.</summary>
    public static DateTimeOffset? Earliest(CaseSnapshot s)
    {
        if (s.Clocks is null) return null;
        DateTimeOffset? best = null;
        foreach (var c in s.Clocks)
        {
            if (c.Status != ClockStatus.Running || c.NextPending() is not { } t) continue;
            if (best is null || t.At < best) best = t.At;
        }
        return best;
    }

    private static bool IsDeciding(CaseState state) => state is CaseState.InProgress or CaseState.Suspended;

    private static bool IsPausable(ClockKind kind) => kind is ClockKind.Decision or ClockKind.Promised or ClockKind.Review or ClockKind.Step;

    private static void Stop(CommitContext ctx, CaseSnapshot s, Facts facts)
    {
        if (s.Clocks is null) return;
        // One event per reason, in the order the reasons first occur. A stop has one or two reasons: a list searched in
        // place is smaller than a dictionary.
        List<(string Reason, List<string> Ids)>? byReason = null;
        foreach (var c in s.Clocks)
        {
            if (c.Status == ClockStatus.Stopped) continue;
            var reason = StopReason(c, s, facts);
            if (reason is null) continue;
            byReason ??= [];
            var k = 0;
            while (k < byReason.Count && !string.Equals(byReason[k].Reason, reason, StringComparison.Ordinal)) k++;
            if (k == byReason.Count) byReason.Add((reason, [c.Id]));
            else byReason[k].Ids.Add(c.Id);
        }
        if (byReason is null) return;
        foreach (var (reason, ids) in byReason) ctx.Raise(new ClocksStopped(ids, reason));
    }

    private static string? StopReason(ClockState c, CaseSnapshot s, Facts facts)
    {
        var closed = Lifecycle.LifecycleTable.IsClosed(s.State);
        return c.Kind switch
        {
            ClockKind.Correction when s.State != CaseState.Submitted => closed ? "closed" : s.State == CaseState.Correcting ? "correction-requested" : "accepted",
            ClockKind.Decision or ClockKind.Promised or ClockKind.Review when !IsDeciding(s.State) => closed ? "closed" : "decided",
            ClockKind.Step when !IsDeciding(s.State) => closed ? "closed" : "decided",
            ClockKind.Step when s.Status[c.Node] != NodeStatus.Active => "step-finished",
            ClockKind.Step when facts.StartedNodes?.Contains(c.Node) == true => "step-restarted",
            ClockKind.Delivery when s.State != CaseState.Decided => closed ? "delivered" : "closed",
            ClockKind.PendingMaterials when s.PendingMaterials is null => "materials-supplied",
            ClockKind.PendingMaterials when !IsDeciding(s.State) => closed ? "closed" : "decided",
            ClockKind.SpecialProcedure when s.State != CaseState.Suspended => closed ? "closed" : "resumed",
            _ => null,
        };
    }

    private void Start(CommitContext ctx, CaseSnapshot s, Facts facts)
    {
        var item = ctx.Item;
        var time = item.Time;
        var now = ctx.Now;
        if (facts.Received && s.State == CaseState.Submitted) StartClock(ctx, ClockKind.Correction, "correction", -1, null, time.CorrectionNotice, now);
        if (facts.Accepted && IsDeciding(s.State))
        {
            // Deemed acceptance (Art.32) dates acceptance back to receipt; the decision clocks count from there.
            var from = s.AcceptedAt ?? now;
            StartClock(ctx, ClockKind.Decision, "decision", -1, null, time.Statutory, from);
            if (time.Promised is { } promised) StartClock(ctx, ClockKind.Promised, "promised", -1, null, promised, from);
            if (time.Review is { } review) StartClock(ctx, ClockKind.Review, "review", -1, null, review, from);
            if (s.PendingMaterials is not null && s.PendingDue is { } promisedBy)
            {
                var due = planner.AtClose(now, promisedBy);
                Raise(ctx, ClockKind.PendingMaterials, "materials", -1, null, new TimeAmount(Math.Max(0, promisedBy.DayNumber - DateOnly.FromDateTime(planner.Calendar.ToLocalTime(now).DateTime).DayNumber), TimeUnit.Days), now, due);
            }
        }
        if (facts.StartedNodes is not null && IsDeciding(s.State))
        {
            foreach (var node in facts.StartedNodes)
            {
                if (s.Status[node] != NodeStatus.Active) continue;
                // Human steps and service steps (a vertical system's call) both count against their own limit.
                var (stepId, limit) = ctx.Plan.Nodes[node] switch
                {
                    StepDefinition { Limit: { } l } step => (step.Id, (TimeAmount?)l),
                    ServiceDefinition { Limit: { } l } service => (service.Id, l),
                    _ => (null, null),
                };
                if (stepId is not null && limit is { } amount) StartClock(ctx, ClockKind.Step, "step:" + stepId, node, stepId, amount, now);
            }
        }
        if (facts.Decided && s.State == CaseState.Decided) StartClock(ctx, ClockKind.Delivery, "delivery", -1, null, time.Delivery, now);
        if (facts.Suspended && s.State == CaseState.Suspended && s.SuspendedFor is { } kind && FindBudget(ctx, s, kind) is { } found)
            StartClock(ctx, ClockKind.SpecialProcedure, "special:" + kind.ToString().ToLowerInvariant(), found.Node, found.StepId, found.Budget, now);
    }

    /// <summary>The budget of the suspended procedure: from the active step that runs it, else from any step of the item that declares it.</summary>
    private static (int Node, string StepId, TimeAmount Budget)? FindBudget(CommitContext ctx, CaseSnapshot s, SpecialProcedureKind kind)
    {
        (int, string, TimeAmount)? fallback = null;
        foreach (var node in ctx.Plan.Nodes)
        {
            if (node is not StepDefinition { SpecialProcedure: { Budget: { } budget } sp } step || sp.Kind != kind) continue;
            if (s.Status[step.Index] == NodeStatus.Active) return (step.Index, step.Id, budget);
            fallback ??= (step.Index, step.Id, budget);
        }
        return fallback;
    }

    private void StartClock(CommitContext ctx, ClockKind kind, string name, int node, string? stepId, TimeAmount limit, DateTimeOffset start)
    {
        var (due, _) = planner.Count(start, limit);
        Raise(ctx, kind, name, node, stepId, limit, start, due);
    }

    private void Raise(CommitContext ctx, ClockKind kind, string name, int node, string? stepId, TimeAmount limit, DateTimeOffset start, DueInstant due)
    {
        var budget = Math.Max(0, planner.Calendar.WorkingMinutesBetween(start, due.Instant));
        var id = name + "#" + (ctx.Case.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var thresholds = planner.Thresholds(start, due.Instant, budget, planner.WarningsFor(ctx.Item));
        ctx.Raise(new ClockStarted(id, kind, node, stepId, limit, start, due.Instant, budget, due.IsProvisional, thresholds));
    }

    private void PauseOrResume(CommitContext ctx, CaseSnapshot s)
    {
        if (s.Clocks is null) return;
        if (s.State == CaseState.Suspended)
        {
            List<string>? pause = null;
            foreach (var c in s.Clocks)
            {
                if (c.Status == ClockStatus.Running && IsPausable(c.Kind)) (pause ??= []).Add(c.Id);
            }
            if (pause is not null) ctx.Raise(new ClocksPaused(pause));
            return;
        }
        var warnings = planner.WarningsFor(ctx.Item);
        foreach (var c in s.Clocks.ToArray())
        {
            if (c.Status != ClockStatus.Paused || c.PausedAt is not { } pausedAt) continue;
            // Exactly the working time lost while paused moves the deadline (a 10:00–15:00 pause moves it 5 working hours).
            var lost = Math.Max(0, planner.Calendar.WorkingMinutesBetween(pausedAt, ctx.Now));
            var due = planner.Calendar.AddWorkingMinutes(c.DueAt, lost);
            ctx.Raise(new ClockResumed(c.Id, lost, due.Instant, due.IsProvisional, planner.Thresholds(c.StartedAt, due.Instant, c.BudgetMinutes, warnings)));
        }
    }

    private void Extend(CommitContext ctx, CaseSnapshot s, TimeAmount amount)
    {
        if (s.Clocks is null) return;
        var warnings = planner.WarningsFor(ctx.Item);
        foreach (var c in s.Clocks.ToArray())
        {
            if (c.Status == ClockStatus.Stopped || c.Extended || c.Kind is not (ClockKind.Decision or ClockKind.Promised)) continue;
            // 延期 counts from the current due instant: N more working days after the last one.
            var due = planner.Calendar.Add(c.DueAt, amount);
            var added = Math.Max(0, planner.Calendar.WorkingMinutesBetween(c.DueAt, due.Instant));
            ctx.Raise(new ClockExtended(c.Id, amount, added, due.Instant, due.IsProvisional, planner.Thresholds(c.StartedAt, due.Instant, c.BudgetMinutes + added, warnings)));
        }
    }

    /// <summary>What the command's events call for.</summary>
    private sealed class Facts
    {
        public bool Received;
        public bool Accepted;
        public bool Decided;
        public bool Suspended;
        public TimeAmount? Extension;
        public HashSet<int>? StartedNodes;

        public static Facts Of(IReadOnlyList<CaseEvent> events)
        {
            var f = new Facts();
            foreach (var e in events)
            {
                switch (e)
                {
                    case CaseSubmitted or CaseResubmitted: f.Received = true; break;
                    case CaseAccepted { Immediate: false }: f.Accepted = true; break;
                    case CaseDecided: f.Decided = true; break;
                    case CaseSuspended: f.Suspended = true; break;
                    case CaseExtended x: f.Extension = x.Amount; break;
                    case NodeStarted x: (f.StartedNodes ??= []).Add(x.Node); break;
                }
            }
            return f;
        }
    }
}
