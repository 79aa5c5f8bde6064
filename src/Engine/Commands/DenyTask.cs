namespace OneStop.Engine;

/// <summary>不同意, with a reason.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Reason">Why (required).</param>
public sealed record DenyTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string Reason)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.DenyTask;
}
