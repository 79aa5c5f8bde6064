namespace OneStop.Engine;

/// <summary>受理: accept a submitted case; the flow starts. For an immediate item (即办件) this accepts, decides (准予) and delivers in one call.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
public sealed record Accept(string CaseNumber, string Actor, string IdempotencyKey)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Accept;
}
