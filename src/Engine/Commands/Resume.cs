namespace OneStop.Engine;

/// <summary>Ends the special procedure; the case is in progress again.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Note">Result of the procedure, if any.</param>
public sealed record Resume(string CaseNumber, string Actor, string IdempotencyKey, string? Note = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Resume;
}
