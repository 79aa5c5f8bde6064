namespace OneStop.Engine;

/// <summary>加签: another actor signs on this seat before (the holder signs again afterwards) or after the holder.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Signer">The added signer (an actor).</param>
/// <param name="Position">Before or after the holder.</param>
public sealed record AddSigner(string CaseNumber, string Actor, string IdempotencyKey, string TaskId, string Signer, SignerPosition Position)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.AddSigner;
}
