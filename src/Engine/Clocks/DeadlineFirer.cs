using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Clocks;

/// <summary>Fires one threshold of one clock inside a system command: records it (so it never fires again), writes
/// the deadline event to the outbox, and on a timeout applies the policy (notify, escalate, auto-pass, deemed
/// approval, or Art.32 deemed acceptance for the correction clock).</summary>
internal sealed class DeadlineFirer(ClockPlanner planner)
{
    /// <summary>Outbox channel of deadline events.</summary>
    public const string Channel = "deadline";

    private const string DeemedAcceptance = "逾期未告知补正，依《行政许可法》第三十二条自收到申请材料之日起即为受理";
    private const string ImmediateDeemedAcceptance = DeemedAcceptance + "；即办件将由窗口工作人员尽快作出决定";

    /// <summary>The next threshold due at or before <paramref name="upTo"/> (earliest first; at equal instants the lower level first).</summary>
    public static (ClockState Clock, ThresholdState Threshold)? Next(CaseSnapshot s, DateTimeOffset upTo)
    {
        if (s.Clocks is null) return null;
        (ClockState, ThresholdState)? best = null;
        foreach (var c in s.Clocks)
        {
            if (c.Status != ClockStatus.Running) continue;
            foreach (var t in c.Thresholds)
            {
                if (t.FiredAt is not null || t.At > upTo) continue;
                if (best is not { } b || t.At < b.Item2.At || (t.At == b.Item2.At && t.Level < b.Item2.Level)) best = (c, t);
            }
        }
        return best;
    }

    /// <summary>The idempotency key (and event id) of a firing.</summary>
    public static string KeyOf(string caseNumber, string clock, string threshold) => "deadline:" + caseNumber + ":" + clock + ":" + threshold;

    /// <summary>Fires the threshold; raises nothing when it is no longer pending.</summary>
    public void Fire(CommandContext ctx, string clockId, string thresholdId)
    {
        var s = ctx.Snapshot;
        var clock = s.Clocks?.Find(c => c.Id == clockId);
        var threshold = clock?.Thresholds.Find(t => t.Id == thresholdId);
        if (clock is not { Status: ClockStatus.Running } || threshold is not { FiredAt: null }) return;
        var remaining = planner.Calendar.WorkingMinutesBetween(ctx.Now, clock.DueAt);
        var (outcome, escalateTo) = threshold.IsTimeout ? Policy(ctx, clock) : (DeadlineOutcome.Warned, null);
        ctx.Raise(new DeadlineFired(clock.Id, threshold.Id, threshold.Level, clock.DueAt, remaining, outcome, escalateTo));
        // The host event names the tasks that were late, so it is built before any consequence closes them.
        var payload = Describe(ctx, clock, threshold, remaining, outcome, escalateTo);
        ctx.AddOutbox(Channel, threshold.Level.ToString(), DeadlineEventJson.Serialize(payload));
        Apply(ctx, clock, outcome, escalateTo);
    }

    private static (DeadlineOutcome, string?) Policy(CommandContext ctx, ClockState clock)
    {
        var s = ctx.Snapshot;
        switch (clock.Kind)
        {
            case ClockKind.Correction:
                return (s.State == CaseState.Submitted ? DeadlineOutcome.DeemedAccepted : DeadlineOutcome.Notified, null);
            case ClockKind.Decision:
            {
                var policy = ctx.Item.Time.OnTimeout;
                return policy.Action switch
                {
                    TimeoutAction.Escalate => (DeadlineOutcome.Escalated, policy.EscalateTo),
                    TimeoutAction.DeemedApproved when s.State == CaseState.InProgress => (DeadlineOutcome.DeemedApproved, null),
                    _ => (DeadlineOutcome.Notified, null),
                };
            }
            case ClockKind.Step when ctx.Plan.Nodes[clock.Node] is StepDefinition step:
                return step.OnTimeout.Action switch
                {
                    TimeoutAction.Escalate => (DeadlineOutcome.Escalated, step.OnTimeout.EscalateTo),
                    TimeoutAction.AutoPass when s.State == CaseState.InProgress && s.Status[clock.Node] == NodeStatus.Active => (DeadlineOutcome.AutoPassed, null),
                    _ => (DeadlineOutcome.Notified, null),
                };
            default:
                return (DeadlineOutcome.Notified, null);
        }
    }

    private static void Apply(CommandContext ctx, ClockState clock, DeadlineOutcome outcome, string? escalateTo)
    {
        switch (outcome)
        {
            case DeadlineOutcome.DeemedAccepted:
                // 行政许可法 Art.32: 逾期不告知的，自收到申请材料之日起即为受理.
                ctx.Raise(CaseAccepted.Plain);
                ctx.Raise(new CaseDeemedAccepted(clock.StartedAt));
                if (ctx.Item.Kind == ItemKind.Immediate)
                {
                    // 即办件: at the window, acceptance and the decision are one act of the official, and the runtime
                    // never runs an immediate item's flow. Art.32 deems only the acceptance: nobody has examined the
                    // application, so the engine neither grants it nor records a delivery that did not happen. The case
                    // stays in progress, without tasks, for an official to Decide and Deliver; its decision clocks run
                    // from receipt, so it is already late and the clocks' warnings and timeout policy tell the host.
                    ctx.Notify(ctx.ApplicantNotice(NotificationKind.Acceptance, reason: ImmediateDeemedAcceptance));
                    break;
                }
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Acceptance, reason: DeemedAcceptance));
                FlowRunner.Start(ctx);
                break;
            case DeadlineOutcome.DeemedApproved:
            {
                var incomplete = FlowRunner.StopAll(ctx, "deemed approved on timeout");
                const string reason = "办理时限届满未作决定，依法视为准予许可（超时默认许可）";
                ctx.Raise(new CaseDecided(CaseOutcome.DeemedApproved, reason, ByFlow: false, TasksIncomplete: incomplete));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Decision, outcome: CaseOutcome.DeemedApproved, reason: reason));
                break;
            }
            case DeadlineOutcome.AutoPassed:
                FlowRunner.CancelTasksWithin(ctx, clock.Node, clock.Node + 1, "auto-passed on timeout");
                FlowRunner.Complete(ctx, clock.Node, NodeStatus.Approved);
                break;
            case DeadlineOutcome.Escalated:
                ctx.Notify(new Notification
                {
                    Kind = NotificationKind.Escalation, CaseNumber = ctx.Snapshot.CaseNumber, ItemCode = ctx.Snapshot.ItemCode, ItemName = ctx.Item.Name,
                    Applicant = ctx.Snapshot.Applicant, At = ctx.Now, StepId = clock.StepId, Role = escalateTo,
                    Reason = clock.StepId is null ? "办理时限已到期" : "环节时限已到期",
                });
                if (escalateTo is not null && ctx.Snapshot.State == CaseState.InProgress) HandOver(ctx, clock, escalateTo);
                break;
        }
    }

    /// <summary>超时升级: the late work goes to the escalation role. Each open task of the late step (for a case clock,
    /// every open task of the case) is closed and reopened on the same approver seat for the role, keeping its queued
    /// signers (加签). Reopening the seat rather than adding a task beside it keeps the step's tally exact: a seat
    /// counts once, whoever signs it. Tasks already held for the role stay as they are.</summary>
    private static void HandOver(CommandContext ctx, ClockState clock, string role)
    {
        List<TaskState>? late = null;
        foreach (var t in ctx.Snapshot.Tasks)
        {
            if (clock.Kind == ClockKind.Step && t.Node != clock.Node) continue;
            if (!string.Equals(t.Role, role, StringComparison.Ordinal)) (late ??= []).Add(t);
        }
        if (late is null) return;
        ctx.Raise(new TasksCancelled([.. late.Select(t => t.Id)], "escalated to " + role));
        foreach (var t in late)
        {
            var s = ctx.Snapshot;
            var id = s.CaseNumber + "/" + s.NextTask.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stepId = ctx.Plan.Nodes[t.Node].Id;
            ctx.Raise(new TaskOpened(id, t.Node, t.Seat, role, null, null, t.Then is null ? null : [.. t.Then]));
            ctx.Notify(new Notification
            {
                Kind = NotificationKind.TaskAssigned, CaseNumber = s.CaseNumber, ItemCode = s.ItemCode, ItemName = ctx.Item.Name,
                Applicant = s.Applicant, At = ctx.Now, TaskId = id, StepId = stepId, Role = role, Reason = "超时升级：原待办 " + t.Id + " 已到期",
            });
        }
    }

    private DeadlineEvent Describe(CommandContext ctx, ClockState clock, ThresholdState threshold, long remaining, DeadlineOutcome outcome, string? escalateTo)
    {
        var s = ctx.Snapshot;
        var assignees = new List<string>();
        var roles = new List<string>();
        string? department = null;
        foreach (var t in s.Tasks)
        {
            if (clock.Kind == ClockKind.Step && t.Node != clock.Node) continue;
            if (t.Assignee is { } a && !assignees.Contains(a)) assignees.Add(a);
            if (t.Role is { } r && !roles.Contains(r)) roles.Add(r);
            if (clock.Kind == ClockKind.Step) department ??= t.Department;
        }
        var time = WorkingTime.FromMinutes(remaining);
        return new DeadlineEvent
        {
            EventId = KeyOf(s.CaseNumber, clock.Id, threshold.Id), CaseNumber = s.CaseNumber, ItemCode = s.ItemCode, ItemName = ctx.Item.Name,
            Department = department ?? s.Department, ClockId = clock.Id, Clock = clock.Kind, StepId = clock.StepId, ThresholdId = threshold.Id,
            Level = threshold.Level, IsTimeout = threshold.IsTimeout, DueAt = clock.DueAt, ThresholdAt = threshold.At, FiredAt = ctx.Now,
            Remaining = time, RemainingText = time.ToRemainingWords(planner.Calendar.MinutesPerWorkday), IsProvisional = clock.Provisional,
            Assignees = assignees, Roles = roles, Outcome = outcome, EscalatedTo = escalateTo,
        };
    }
}
