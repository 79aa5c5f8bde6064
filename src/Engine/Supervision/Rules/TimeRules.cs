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

/// <summary>Base of the rules on an act that must come within a limit after an earlier moment: the act came late, or
/// the clock counting the limit ran out without it.</summary>
internal abstract class LateActRule : BuiltInRule
{
    public override Trigger Triggers => ActTrigger | Trigger.Deadline;

    /// <summary>The trigger of the act itself.</summary>
    protected abstract Trigger ActTrigger { get; }

    /// <summary>The kind of the clock that counts the limit.</summary>
    protected abstract ClockKind LimitClock { get; }

    /// <summary>The act, as it is named in evidence ("delivered").</summary>
    protected abstract string Act { get; }

    /// <summary>The moment the limit counts from, as it is named in evidence ("the decision").</summary>
    protected abstract string Since { get; }

    /// <summary>The event index of the act in this command and the moment the limit counts from, when the act should be checked.</summary>
    protected abstract bool TryAct(in RuleInput input, out int index, out DateTimeOffset from);

    /// <summary>The item's own limit, used when the rule sets none.</summary>
    protected abstract TimeAmount DefaultLimit(in RuleInput input);

    /// <summary>The evidence when the limit clock ran out without the act.</summary>
    protected abstract string MissedEvidence(ClockState clock, DeadlineFired fired);

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        if (TryAct(input, out var index, out var from))
        {
            var limit = rule.Time ?? DefaultLimit(input);
            var due = input.Calendar.Add(from, limit).Instant;
            if (input.Context.Now > due)
                findings.Add(new Finding(index, null, null,
                    $"{Act} {DeadlineRule.Format(input.Context.Now)}, limit {limit} after {Since} {DeadlineRule.Format(from)} ended {DeadlineRule.Format(due)}"));
        }
        if ((input.Flags & Trigger.Deadline) == 0) return;
        var events = input.Context.NewEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is DeadlineFired { Threshold: ThresholdState.DueId } fired && ClockFacts.Find(input.Context.Case, fired.Clock) is { } clock && clock.Kind == LimitClock)
                findings.Add(new Finding(i, null, null, MissedEvidence(clock, fired)));
        }
    }
}

/// <summary>补正告知超时: the correction notice came later than the limit after receipt (Art.32: 5 workdays), or never came.</summary>
internal sealed class LateCorrectionNoticeRule : LateActRule
{
    public override string Id => SupervisionRules.LateCorrectionNotice;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override string Description => "补正告知超时: a correction notice issued later than the limit after receipt, or the correction limit ran out without notice (deemed accepted, Art.32).";
    public override RuleParameter? Parameter { get; } = new("limit", ParameterKind.Time, null, "how long after receipt a notice may come; default the item's correction-notice limit (5 workdays)");
    protected override Trigger ActTrigger => Trigger.Correction;
    protected override ClockKind LimitClock => ClockKind.Correction;
    protected override string Act => "correction notice issued";
    protected override string Since => "receipt";

    // Only the first notice counts from receipt; a later one is the second-correction rule's business.
    protected override bool TryAct(in RuleInput input, out int index, out DateTimeOffset from)
    {
        index = input.CorrectionIndex;
        from = input.Context.Case.SubmittedAt;
        return index >= 0 && input.Context.Case.CorrectionNotices == input.CorrectionsAdded;
    }

    protected override TimeAmount DefaultLimit(in RuleInput input) => input.Context.Item.Time.CorrectionNotice;

    protected override string MissedEvidence(ClockState clock, DeadlineFired fired) =>
        $"no correction notice and no acceptance within {clock.Limit} of receipt (due {DeadlineRule.Format(fired.DueAt)}); outcome {fired.Outcome}";
}

/// <summary>送达超时: delivery later than the limit after the decision (Art.44: 10 workdays).</summary>
internal sealed class LateDeliveryRule : LateActRule
{
    public override string Id => SupervisionRules.LateDelivery;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override string Description => "送达超时: the decision was delivered later than the limit after it was made, or the delivery limit ran out.";
    public override RuleParameter? Parameter { get; } = new("limit", ParameterKind.Time, null, "how long after the decision delivery may come; default the item's delivery limit (10 workdays)");
    protected override Trigger ActTrigger => Trigger.Delivered;
    protected override ClockKind LimitClock => ClockKind.Delivery;
    protected override string Act => "delivered";
    protected override string Since => "the decision";

    protected override bool TryAct(in RuleInput input, out int index, out DateTimeOffset from)
    {
        index = input.DeliveryIndex;
        from = input.Context.Case.DecidedAt ?? default;
        return index >= 0 && input.Context.Case.DecidedAt is not null;
    }

    protected override TimeAmount DefaultLimit(in RuleInput input) => input.Context.Item.Time.Delivery;

    protected override string MissedEvidence(ClockState clock, DeadlineFired fired) =>
        $"not delivered within {clock.Limit} of the decision (due {DeadlineRule.Format(fired.DueAt)})";
}
