namespace OneStop.Engine;

/// <summary>Decides explicitly. The flow normally decides by itself; an explicit decision closes open tasks and is recorded as such for supervision. DeemedApproved needs an item that allows it.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Outcome">The decision.</param>
/// <param name="Reason">Why; required for a denial.</param>
public sealed record Decide(string CaseNumber, string Actor, string IdempotencyKey, CaseOutcome Outcome, string? Reason = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Decide;
}
