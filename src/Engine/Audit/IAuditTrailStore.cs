namespace OneStop.Engine.Storage;

/// <summary>A store whose records can be verified: it streams every case's row and events as stored. Implemented by
/// the in-memory and SQLite stores.</summary>
public interface IAuditTrailStore
{
    /// <summary>Every case (and every event log without a case row), ordered by case number, with its events as stored.</summary>
    IAsyncEnumerable<CaseChain> ReadChainsAsync(CancellationToken cancellationToken = default);

    /// <summary>One case's chain, or null when neither a row nor events exist.</summary>
    Task<CaseChain?> ReadChainAsync(string caseNumber, CancellationToken cancellationToken = default);
}
