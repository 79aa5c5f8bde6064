namespace OneStop.Engine;

/// <summary>弃权: only on vote steps (票签).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Opinion">Optional opinion.</param>
public sealed record AbstainTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string? Opinion = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.AbstainTask;
}
