namespace OneStop.Engine;

/// <summary>特别程序: suspend for a special procedure; clocks pause (Art.45).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts.</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Procedure">Which procedure.</param>
/// <param name="Reason">Why (required).</param>
public sealed record Suspend(string CaseNumber, string Actor, string IdempotencyKey, OneStop.Definitions.Flow.SpecialProcedureKind Procedure, string Reason)
    : CaseCommand(CaseNumber, Actor, IdempotencyKey)
{
    /// <inheritdoc />
    public override CaseAction Action => CaseAction.Suspend;
}
