namespace OneStop.Engine;

/// <summary>不予受理: refuse at the window; the reason is required and is sent to the applicant.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Reason">Why (required).</param>
public sealed record Reject(string CaseNumber, string Actor, string IdempotencyKey, string Reason)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Reject;
}
