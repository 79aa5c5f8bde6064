namespace OneStop.Engine;

/// <summary>延期: extend the decision limit once, with a reason and the approving official.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Reason">Why (required).</param>
/// <param name="Approver">The official who approved the extension (required).</param>
public sealed record Extend(string CaseNumber, string Actor, string IdempotencyKey, string Reason, string Approver)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Extend;
}
