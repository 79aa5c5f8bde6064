namespace OneStop.Engine;

/// <summary>撤回: the applicant withdraws an open case.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Reason">Optional reason.</param>
public sealed record Withdraw(string CaseNumber, string Actor, string IdempotencyKey, string? Reason = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Withdraw;
}
