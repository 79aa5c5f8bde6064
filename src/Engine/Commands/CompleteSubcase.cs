namespace OneStop.Engine;

/// <summary>System command: a child case reached its decision.</summary>
internal sealed record CompleteSubcase(string CaseNumber, string Actor, string IdempotencyKey, int Node, long Token, string ChildCase, CaseOutcome Outcome)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.CompleteSubcase;
}
