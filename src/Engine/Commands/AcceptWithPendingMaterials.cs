namespace OneStop.Engine;

/// <summary>容缺受理: accept now; the listed materials are promised by a date.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="PendingMaterials">Material ids still to come (at least one).</param>
/// <param name="PromisedBy">Date the applicant promises them by.</param>
public sealed record AcceptWithPendingMaterials(string CaseNumber, string Actor, string IdempotencyKey, IReadOnlyList<string> PendingMaterials, DateOnly PromisedBy)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.AcceptWithPendingMaterials;
}
