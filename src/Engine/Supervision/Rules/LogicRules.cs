using OneStop.Definitions;
using OneStop.Engine.Events;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>先决定后受理: a decision with no acceptance recorded before it.</summary>
internal sealed class DecisionBeforeAcceptanceRule : BuiltInRule
{
    public override string Id => SupervisionRules.DecisionBeforeAcceptance;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.Decided;
    public override string Description => "先决定后受理: a decision with no acceptance recorded before it (the lifecycle refuses this; the rule guards records written by other nodes, imports or older versions).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var s = input.Context.Case;
        if (s.AcceptedAt is { } accepted && accepted <= input.Context.Now) return;
        findings.Add(new Finding(input.DecisionIndex, null, null,
            s.AcceptedAt is { } a ? $"decided {DeadlineRule.Format(input.Context.Now)} before acceptance at {DeadlineRule.Format(a)}" : "decided with no acceptance on record"));
    }
}

/// <summary>时序异常: an event dated earlier than the case's previous event (backdated, or a node's clock behind).</summary>
internal sealed class EventOutOfOrderRule : BuiltInRule
{
    public override string Id => SupervisionRules.EventOutOfOrder;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Always;
    public override string Description => "时序异常: a command's events are dated earlier than the case's previous event (backdated, or an engine node's clock is behind).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var c = input.Context;
        if (c.PreviousVersion == 0 || c.Now >= c.PreviousUpdatedAt) return;
        findings.Add(new Finding(0, null, null,
            $"event dated {DeadlineRule.Format(c.Now)} follows an event dated {DeadlineRule.Format(c.PreviousUpdatedAt)} ({(c.PreviousUpdatedAt - c.Now).TotalMinutes:0.#} minutes earlier)"));
    }
}

/// <summary>材料缺失仍准予: an approval while mandatory materials are missing or promised materials are outstanding.</summary>
internal sealed class ApprovalWithMissingMaterialsRule : BuiltInRule
{
    public override string Id => SupervisionRules.ApprovalWithMissingMaterials;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.Decided;
    public override string Description => "材料缺失仍准予: approved while a mandatory material (whose condition holds) is missing, or materials promised at 容缺受理 are still outstanding.";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseDecided>(input.DecisionIndex);
        if (e.Outcome == CaseOutcome.Denied) return;
        var s = input.Context.Case;
        List<string>? missing = null;
        foreach (var m in input.Context.Item.Materials)
        {
            if (!m.Required || s.Materials.Contains(m.Id)) continue;
            if (m.When is { } when && !when.IsTrue(input.Context.Input)) continue;
            (missing ??= []).Add(m.Id);
        }
        if (s.PendingMaterials is { Count: > 0 } pending)
        {
            foreach (var p in pending)
            {
                if (missing is null || !missing.Contains(p)) (missing ??= []).Add(p);
            }
        }
        if (missing is null) return;
        findings.Add(new Finding(input.DecisionIndex, null, null, $"decided {e.Outcome} while mandatory materials are missing: {string.Join(", ", missing)}"));
    }
}

/// <summary>超时默认许可: a deemed approval.</summary>
internal sealed class DeemedApprovalRule : BuiltInRule
{
    public override string Id => SupervisionRules.DeemedApproval;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Decided;
    public override string Description => "超时默认许可: the case was decided as deemed approved (the authority let the limit run out).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseDecided>(input.DecisionIndex);
        if (e.Outcome == CaseOutcome.DeemedApproved)
            findings.Add(new Finding(input.DecisionIndex, null, null, $"deemed approved ({e.Reason ?? "explicit"}) by {input.Context.Actor}"));
    }
}
