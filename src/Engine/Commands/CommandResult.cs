namespace OneStop.Engine;

/// <summary>What a command did. A repeat with the same idempotency key gets the first result back.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Version">The case's version after the command (its event count).</param>
/// <param name="State">The lifecycle state after the command.</param>
/// <param name="Outcome">The decision, once made.</param>
/// <param name="EventCount">Events the command appended (0 for a no-op).</param>
/// <param name="OpenTaskIds">The case's open tasks after the command.</param>
public sealed record CommandResult(
    string CaseNumber, long Version, CaseState State, CaseOutcome? Outcome, int EventCount, IReadOnlyList<string> OpenTaskIds)
{
    /// <summary>True when this result was returned for a repeated idempotency key.</summary>
    public bool Repeated { get; init; }
}
