namespace OneStop.Engine;

/// <summary>送达/发证: delivers the decision; the case is concluded (办结).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Method">How it was delivered (window, post, electronic …).</param>
/// <param name="Certificate">Licence or certificate number, if one was issued.</param>
/// <param name="Fee">The fee charged in yuan (null: none recorded); supervision compares it with the item's published fees.</param>
public sealed record Deliver(string CaseNumber, string Actor, string IdempotencyKey, string? Method = null, string? Certificate = null, decimal? Fee = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Deliver;
}
