namespace OneStop.Engine;

/// <summary>System command: a service handler answered for a service step.</summary>
internal sealed record CompleteService(string CaseNumber, string Actor, string IdempotencyKey, int Node, long Token, bool Approved, string? Message)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.CompleteService;
}
