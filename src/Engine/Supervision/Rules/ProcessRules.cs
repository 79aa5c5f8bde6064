using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>二次补正: a second correction notice (一次性告知 was not kept).</summary>
internal sealed class SecondCorrectionRule : BuiltInRule
{
    public override string Id => SupervisionRules.SecondCorrection;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Correction;
    public override string Description => "二次补正: a second correction notice on the same case (一次性告知 requires one notice listing everything).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CorrectionRequested>(input.CorrectionIndex);
        if (e.Repeated)
            findings.Add(new Finding(input.CorrectionIndex, null, null,
                $"correction notice no. {input.Context.Case.CorrectionNotices}; reason given: {e.RepeatReason}"));
    }
}

/// <summary>多次退回: more than N returns on one case.</summary>
internal sealed class RepeatedReturnsRule : BuiltInRule
{
    public override string Id => SupervisionRules.RepeatedReturns;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Returned;
    public override string Description => "多次退回: the case was returned more than `max` times (raised once, when the count passes `max`).";
    public override RuleParameter? Parameter { get; } = new("max", ParameterKind.Count, "2", "returns allowed before the alert");

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var after = input.Context.Case.Returns;
        var before = after - input.ReturnsAdded;
        if (after > rule.Count && before <= rule.Count)
        {
            var e = input.Event<CaseReturned>(input.ReturnIndex);
            findings.Add(new Finding(input.ReturnIndex, e.Target, null, $"return no. {after} (more than {rule.Count}), to '{e.Target}': {e.Reason}"));
        }
    }
}

/// <summary>二次延期: a second extension was attempted (the law allows one; the engine refuses the second).</summary>
internal sealed class SecondExtensionRule : BuiltInRule
{
    public override string Id => SupervisionRules.SecondExtension;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.None;
    public override string Description => "二次延期: a second extension was attempted; the engine refuses it and the attempt is recorded.";
    public override bool WatchesRefusals => true;

    public override string? CheckRefusal(RefusalContext refusal) =>
        refusal.Command is Extend extend && refusal.Error is IllegalActionException && refusal.Case.Extended
            ? $"second extension attempted by {extend.Actor} (reason: {extend.Reason}; approver: {extend.Approver}); refused, the limit was already extended once"
            : null;
}

/// <summary>无依据中止: a suspension for a special procedure the item does not provide for.</summary>
internal sealed class SuspensionWithoutGroundRule : BuiltInRule
{
    public override string Id => SupervisionRules.SuspensionWithoutGround;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Suspended;
    public override string Description => "无依据中止: the case was suspended for a special procedure that no step of the item provides for (no legal ground in the definition).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseSuspended>(input.SuspensionIndex);
        foreach (var node in input.Context.Item.Nodes)
        {
            if (node is StepDefinition { SpecialProcedure: { } sp } && sp.Kind == e.Procedure) return;
        }
        findings.Add(new Finding(input.SuspensionIndex, null, null, $"suspended for {e.Procedure} ('{e.Reason}'), which no step of item {input.Context.Item} provides for"));
    }
}

/// <summary>越权操作: an action the host's authorizer (or the task's holder) refused.</summary>
internal sealed class UnauthorizedAttemptRule : BuiltInRule
{
    public override string Id => SupervisionRules.UnauthorizedAttempt;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.None;
    public override string Description => "越权操作: an actor attempted an action they are not authorised for; refused, the case unchanged, the attempt recorded.";
    public override bool WatchesRefusals => true;

    public override string? CheckRefusal(RefusalContext refusal) =>
        refusal.Error is UnauthorizedActionException u
            ? $"{u.Arguments.Actor} attempted {u.Arguments.Action}" + (u.Arguments.TaskId is { } t ? $" on task {t}" : "") + " and was refused" + (u.Reason is { } r ? ": " + r : "")
            : null;
}

/// <summary>体外循环: a decision made outside the flow while its tasks were still open.</summary>
internal sealed class OffSystemDecisionRule : BuiltInRule
{
    public override string Id => SupervisionRules.OffSystemDecision;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.Decided;
    public override string Description => "体外循环: a decision was recorded without the flow's tasks completed (an explicit decision that closed open tasks).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseDecided>(input.DecisionIndex);
        // A deemed approval on timeout closes open tasks by law; that is the deemed-approval rule's business.
        if (e.ByFlow || !e.TasksIncomplete || e.Outcome == CaseOutcome.DeemedApproved) return;
        findings.Add(new Finding(input.DecisionIndex, null, null, $"decided {e.Outcome} by {input.Context.Actor} outside the flow while its tasks were open"));
    }
}
