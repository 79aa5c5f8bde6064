namespace OneStop.Engine;

/// <summary>One problem found in one case's record.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Kind">What kind of change.</param>
/// <param name="Sequence">The event position concerned, when there is one.</param>
/// <param name="Detail">A sentence for the supervisor.</param>
public sealed record TamperFinding(string CaseNumber, TamperKind Kind, long? Sequence, string Detail)
{
    /// <inheritdoc />
    public override string ToString() =>
        Sequence is { } s ? $"{CaseNumber} #{s}: {Kind.ToString().ToLowerInvariant()} — {Detail}" : $"{CaseNumber}: {Kind.ToString().ToLowerInvariant()} — {Detail}";
}
