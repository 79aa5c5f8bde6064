namespace OneStop.Engine;

/// <summary>转办: hand the task to another actor.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="ToActor">The new assignee.</param>
/// <param name="Reason">Optional reason.</param>
public sealed record TransferTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string ToActor, string? Reason = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.TransferTask;
}
