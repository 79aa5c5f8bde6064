namespace OneStop.Engine;

/// <summary>退回: send the case back to a step the definition declares as a return target of this step. Every open task between the target and here is cancelled (a whole parallel block when the return leaves it).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="TargetStepId">A declared return target of the task's step.</param>
/// <param name="Reason">Why (required).</param>
public sealed record ReturnTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string TargetStepId, string Reason)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.ReturnTask;
}
