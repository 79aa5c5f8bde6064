namespace OneStop.Engine.Storage;

/// <summary>What the verifier reads of one case: the case row's version and chain head, and its stored events in
/// the store's sequence order, exactly as stored (nothing re-derived).</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="HasCaseRow">False when events exist for a case number without a case row.</param>
/// <param name="Version">The case row's version (its event count), or 0 without a row.</param>
/// <param name="ChainHead">The case row's chain head, or empty.</param>
/// <param name="Events">Stored events ordered by sequence.</param>
public sealed record CaseChain(string CaseNumber, bool HasCaseRow, long Version, ReadOnlyMemory<byte> ChainHead, IReadOnlyList<EventRecord> Events);
