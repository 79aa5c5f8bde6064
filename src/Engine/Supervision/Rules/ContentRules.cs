using System.Globalization;
using OneStop.Definitions;
using OneStop.Engine.Events;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>收费异常: the fee charged differs from the item's published standard.</summary>
internal sealed class FeeDiffersRule : BuiltInRule
{
    public override string Id => SupervisionRules.FeeDiffers;
    public override AlertLevel DefaultLevel => AlertLevel.Yellow;
    public override Trigger Triggers => Trigger.Delivered;
    public override string Description => "收费异常: the fee recorded at delivery differs from the sum of the item's published fees by more than `tolerance`.";
    public override RuleParameter? Parameter { get; } = new("tolerance", ParameterKind.Money, "0", "difference in yuan tolerated");

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseDelivered>(input.DeliveryIndex);
        var fees = input.Context.Item.Public.Fees;
        if (e.Fee is not { } fee || fees.IsEmpty) return;
        var standard = 0m;
        foreach (var f in fees) standard += f.Amount;
        if (Math.Abs(fee - standard) <= rule.Money) return;
        findings.Add(new Finding(input.DeliveryIndex, null, null,
            $"charged {fee.ToString(CultureInfo.InvariantCulture)} yuan; the published standard is {standard.ToString(CultureInfo.InvariantCulture)} yuan"));
    }
}

/// <summary>违规收费: a fee charged on an item that is free.</summary>
internal sealed class FeeOnFreeItemRule : BuiltInRule
{
    public override string Id => SupervisionRules.FeeOnFreeItem;
    public override AlertLevel DefaultLevel => AlertLevel.Red;
    public override Trigger Triggers => Trigger.Delivered;
    public override string Description => "违规收费: a fee was charged on an item that publishes no fees (不收费).";

    public override void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
        var e = input.Event<CaseDelivered>(input.DeliveryIndex);
        if (e.Fee is not > 0m || !input.Context.Item.Public.IsFree) return;
        findings.Add(new Finding(input.DeliveryIndex, null, null, $"charged {e.Fee.Value.ToString(CultureInfo.InvariantCulture)} yuan on a free item"));
    }
}
