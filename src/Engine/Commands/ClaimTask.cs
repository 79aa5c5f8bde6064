namespace OneStop.Engine;

/// <summary>签收: claim an open task for its role or department.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
public sealed record ClaimTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.ClaimTask;
}
