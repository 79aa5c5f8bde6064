namespace OneStop.Engine;

/// <summary>The applicant resubmits after a correction notice.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Materials">Material ids handed in now.</param>
/// <param name="Form">Changed form fields, if any.</param>
public sealed record Resubmit(string CaseNumber, string Actor, string IdempotencyKey, IReadOnlyList<string> Materials, IReadOnlyDictionary<string, string>? Form = null)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Resubmit;
}
