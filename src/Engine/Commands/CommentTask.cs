namespace OneStop.Engine;

/// <summary>意见: a comment on a task; changes nothing else.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Text">The comment.</param>
public sealed record CommentTask(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string Text)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.CommentTask;
}
