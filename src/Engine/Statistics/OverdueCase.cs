namespace OneStop.Engine;

/// <summary>An open case past its promised (else statutory) limit and not suspended.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="ItemCode">Its item.</param>
/// <param name="Department">Its department.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="DueAt">When the limit ran out.</param>
public sealed record OverdueCase(string CaseNumber, string ItemCode, string Department, string State, DateTimeOffset DueAt);
