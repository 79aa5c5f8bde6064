using System.Globalization;
using OneStop.Definitions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>Base of the rules that react to a fired deadline of some clock.</summary>
internal abstract class DeadlineRule : BuiltInRule
{
    public override Trigger Triggers => Trigger.Deadline;

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var events = input.Context.NewEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not DeadlineFired fired || ClockFacts.Find(input.Context.Case, fired.Clock) is not { } clock) continue;
            if (Matches(clock, fired)) findings.Add(new Finding(i, clock.StepId, clock.Node >= 0 ? ClockFacts.DepartmentOf(input, clock.Node) : null, Evidence(clock, fired), fired.Level));
        }
    }

    protected abstract bool Matches(ClockState clock, DeadlineFired fired);

    protected virtual string Evidence(ClockState clock, DeadlineFired fired) =>
        $"{clock.Kind} clock {clock.Id} ({clock.Limit}) reached threshold '{fired.Threshold}' ({fired.Level}); due {Format(fired.DueAt)}, {fired.RemainingMinutes} working minutes left; outcome {fired.Outcome}";

    internal static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}

/// <summary>环节超时: a step's own limit ran out (even when the case as a whole is on time).</summary>
internal sealed class StepOverdueRule : DeadlineRule
{
    public override string Id => SupervisionRules.StepOverdue;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override string Description => "环节超时: a step's own limit ran out, even when the case as a whole is on time.";
    protected override bool Matches(ClockState clock, DeadlineFired fired) => clock.Kind == ClockKind.Step && fired.Threshold == ThresholdState.DueId;
}

/// <summary>临近到期: a warning threshold of the statutory or promised decision limit fired.</summary>
internal sealed class CaseNearDueRule : DeadlineRule
{
    public override string Id => SupervisionRules.CaseNearDue;
    public override AlertLevel DefaultLevel => AlertLevel.Reminder;
    public override string Description => "临近到期: a warning threshold of the statutory or promised decision limit fired (the alert takes the higher of the rule's and the threshold's level).";
    protected override bool Matches(ClockState clock, DeadlineFired fired) =>
        clock.Kind is ClockKind.Decision or ClockKind.Promised && fired.Threshold != ThresholdState.DueId;
}

/// <summary>超期: the statutory or promised decision limit ran out.</summary>
internal sealed class CaseOverdueRule : DeadlineRule
{
    public override string Id => SupervisionRules.CaseOverdue;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override string Description => "超期: the statutory (法定) or promised (承诺) decision limit ran out before a decision.";
    protected override bool Matches(ClockState clock, DeadlineFired fired) =>
        clock.Kind is ClockKind.Decision or ClockKind.Promised or ClockKind.Review && fired.Threshold == ThresholdState.DueId;
}

/// <summary>特别程序超时: a special procedure ran over its own budget.</summary>
internal sealed class SpecialProcedureOverrunRule : DeadlineRule
{
    public override string Id => SupervisionRules.SpecialProcedureOverrun;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override string Description => "特别程序超时: a special procedure (hearing, inspection, expert review …) ran over its own budget.";
    protected override bool Matches(ClockState clock, DeadlineFired fired) => clock.Kind == ClockKind.SpecialProcedure && fired.Threshold == ThresholdState.DueId;
}

/// <summary>整改超期: the rectification after a bad evaluation (差评) was not done in time.</summary>
internal sealed class RectificationOverdueRule : DeadlineRule
{
    public override string Id => SupervisionRules.RectificationOverdue;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override string Description => "整改超期: a rectification clock opened by a bad evaluation (差评) ran out (clock ids starting with 'rectification').";
    protected override bool Matches(ClockState clock, DeadlineFired fired) =>
        clock.Id.StartsWith(ClockFacts.RectificationPrefix, StringComparison.Ordinal) && fired.Threshold == ThresholdState.DueId;
}

/// <summary>补正告知超时: the correction notice came later than the limit after receipt (Art.32: 5 workdays), or never came.</summary>
internal sealed class LateCorrectionNoticeRule : BuiltInRule
{
    public override string Id => SupervisionRules.LateCorrectionNotice;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Correction | Trigger.Deadline;
    public override string Description => "补正告知超时: a correction notice issued later than the limit after receipt, or the correction limit ran out without notice (deemed accepted, Art.32).";
    public override RuleParameter? Parameter { get; } = new("limit", ParameterKind.Time, null, "how long after receipt a notice may come; default the item's correction-notice limit (5 workdays)");

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var s = input.Context.Case;
        if (input.CorrectionIndex >= 0 && s.CorrectionNotices == input.CorrectionsAdded)
        {
            // Only the first notice counts from receipt; a later one is the second-correction rule's business.
            var limit = rule.Time ?? input.Context.Item.Time.CorrectionNotice;
            var due = input.Calendar.Add(s.SubmittedAt, limit).Instant;
            if (input.Context.Now > due)
                findings.Add(new Finding(input.CorrectionIndex, null, null,
                    $"correction notice issued {DeadlineRule.Format(input.Context.Now)}, limit {limit} after receipt {DeadlineRule.Format(s.SubmittedAt)} ended {DeadlineRule.Format(due)}"));
        }
        if ((input.Flags & Trigger.Deadline) == 0) return;
        var events = input.Context.NewEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is DeadlineFired { Threshold: ThresholdState.DueId } fired && ClockFacts.Find(s, fired.Clock) is { Kind: ClockKind.Correction } clock)
                findings.Add(new Finding(i, null, null, $"no correction notice and no acceptance within {clock.Limit} of receipt (due {DeadlineRule.Format(fired.DueAt)}); outcome {fired.Outcome}"));
        }
    }
}

/// <summary>送达超时: delivery later than the limit after the decision (Art.44: 10 workdays).</summary>
internal sealed class LateDeliveryRule : BuiltInRule
{
    public override string Id => SupervisionRules.LateDelivery;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Delivered | Trigger.Deadline;
    public override string Description => "送达超时: the decision was delivered later than the limit after it was made, or the delivery limit ran out.";
    public override RuleParameter? Parameter { get; } = new("limit", ParameterKind.Time, null, "how long after the decision delivery may come; default the item's delivery limit (10 workdays)");

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var s = input.Context.Case;
        if (input.DeliveryIndex >= 0 && s.DecidedAt is { } decided)
        {
            var limit = rule.Time ?? input.Context.Item.Time.Delivery;
            var due = input.Calendar.Add(decided, limit).Instant;
            if (input.Context.Now > due)
                findings.Add(new Finding(input.DeliveryIndex, null, null,
                    $"delivered {DeadlineRule.Format(input.Context.Now)}, limit {limit} after the decision {DeadlineRule.Format(decided)} ended {DeadlineRule.Format(due)}"));
        }
        if ((input.Flags & Trigger.Deadline) == 0) return;
        var events = input.Context.NewEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is DeadlineFired { Threshold: ThresholdState.DueId } fired && ClockFacts.Find(s, fired.Clock) is { Kind: ClockKind.Delivery } clock)
                findings.Add(new Finding(i, null, null, $"not delivered within {clock.Limit} of the decision (due {DeadlineRule.Format(fired.DueAt)})"));
        }
    }
}
