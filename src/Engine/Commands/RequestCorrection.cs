namespace OneStop.Engine;

/// <summary>补正 (一次性告知): one notice listing ALL missing or defective materials. A second notice on the same case is refused unless <paramref name="RepeatReason"/> is given; it is then recorded for supervision.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Items">Every missing or defective material (at least one).</param>
/// <param name="RepeatReason">Required for a second notice: why the first one could not list everything.</param>
public sealed record RequestCorrection(string CaseNumber, string Actor, string IdempotencyKey, IReadOnlyList<CorrectionItem> Items, string? RepeatReason = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.RequestCorrection;
}
