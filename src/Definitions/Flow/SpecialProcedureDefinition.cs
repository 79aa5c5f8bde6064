namespace OneStop.Definitions.Flow;

/// <summary>A special procedure attached to a step, with its own time budget.</summary>
/// <param name="Kind">Which procedure.</param>
/// <param name="Budget">Its budget; null when the law sets none.</param>
public sealed record SpecialProcedureDefinition(SpecialProcedureKind Kind, TimeAmount? Budget)
{
    /// <summary>Which procedure.</summary>
    public SpecialProcedureKind Kind { get; internal init; } = Kind;
    /// <summary>Its budget; null when the law sets none.</summary>
    public TimeAmount? Budget { get; internal init; } = Budget;
}
