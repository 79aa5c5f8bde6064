using System.Collections.Frozen;
using System.Collections.Immutable;
using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>The built-in rules, in documentation order.</summary>
internal static class RuleCatalog
{
    public static readonly ImmutableArray<BuiltInRule> All =
    [
        new StepOverdueRule(), new CaseNearDueRule(), new CaseOverdueRule(), new LateCorrectionNoticeRule(), new LateDeliveryRule(),
        new SpecialProcedureOverrunRule(), new RectificationOverdueRule(), new SupervisionOverdueRule(),
        new SecondCorrectionRule(), new RepeatedReturnsRule(), new SecondExtensionRule(), new SuspensionWithoutGroundRule(),
        new UnauthorizedAttemptRule(), new OffSystemDecisionRule(),
        new DecisionBeforeAcceptanceRule(), new EventOutOfOrderRule(), new ApprovalWithMissingMaterialsRule(), new DeemedApprovalRule(),
        new FeeDiffersRule(), new FeeOnFreeItemRule(),
    ];

    public static readonly FrozenDictionary<string, BuiltInRule> ById = All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    public static readonly ImmutableArray<string> Ids = [.. All.Select(r => r.Id)];
}

/// <summary>督办超期: an alert's 督办 due date passed while it was unresolved. Raised by the alert service's overdue
/// check (driven by the scheduler or the host), not by commits; here so it can be configured like any rule.</summary>
internal sealed class SupervisionOverdueRule : BuiltInRule
{
    public override string Id => SupervisionRules.SupervisionOverdue;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.None;
    public override string Description => "督办超期: an alert was not resolved by its 督办 due date (raised once per alert by the overdue check).";
}
