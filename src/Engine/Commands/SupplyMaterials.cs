namespace OneStop.Engine;

/// <summary>The applicant hands in materials promised at 容缺受理 (or any later material).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Materials">Material ids handed in.</param>
public sealed record SupplyMaterials(string CaseNumber, string Actor, string IdempotencyKey, IReadOnlyList<string> Materials)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.SupplyMaterials;
}
