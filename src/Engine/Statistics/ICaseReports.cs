namespace OneStop.Engine;

/// <summary>Supervision reports over the engine's store: statistics and verification of the tamper-evident record.
/// Registered by <c>AddOneStop</c> next to <see cref="ICaseEngine"/>.</summary>
public interface ICaseReports
{
    /// <summary>Statistics for a period (see <see cref="StatisticsQuery"/>).</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    /// <exception cref="NotSupportedException">The store does not implement <see cref="Storage.IStatisticsStore"/>.</exception>
    Task<StatisticsReport> GetStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Verifies every case's hash chain and names each case whose record was edited, deleted from or reordered.</summary>
    /// <exception cref="NotSupportedException">The store does not implement <see cref="Storage.IAuditTrailStore"/>.</exception>
    Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Verifies one case's hash chain.</summary>
    /// <exception cref="NotSupportedException">The store does not implement <see cref="Storage.IAuditTrailStore"/>.</exception>
    Task<VerificationReport> VerifyCaseAsync(string caseNumber, CancellationToken cancellationToken = default);
}
