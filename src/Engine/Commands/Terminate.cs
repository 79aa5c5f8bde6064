namespace OneStop.Engine;

/// <summary>终止: the authority ends an open case, with a reason.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Reason">Why (required).</param>
public sealed record Terminate(string CaseNumber, string Actor, string IdempotencyKey, string Reason)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Terminate;
}
