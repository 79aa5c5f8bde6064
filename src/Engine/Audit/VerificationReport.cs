namespace OneStop.Engine;

/// <summary>The result of verifying every case's hash-chained record.</summary>
/// <param name="CasesChecked">Cases examined (including event logs without a case row).</param>
/// <param name="EventsChecked">Events examined.</param>
/// <param name="Findings">Every problem found, by case then position.</param>
public sealed record VerificationReport(long CasesChecked, long EventsChecked, IReadOnlyList<TamperFinding> Findings)
{
    /// <summary>True when no case was found edited, deleted from or reordered.</summary>
    public bool IsIntact => Findings.Count == 0;

    /// <summary>The distinct cases with at least one finding, in order.</summary>
    public IReadOnlyList<string> TamperedCases => [.. Findings.Select(f => f.CaseNumber).Distinct(StringComparer.Ordinal)];
}
