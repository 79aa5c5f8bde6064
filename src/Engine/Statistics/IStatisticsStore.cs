namespace OneStop.Engine.Storage;

/// <summary>A store that computes supervision statistics itself (SQL for SQLite), without handing every case to the caller.</summary>
public interface IStatisticsStore
{
    /// <summary>Computes the report for <paramref name="query"/>; <paramref name="now"/> decides what is overdue.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    Task<StatisticsReport> GetStatisticsAsync(StatisticsQuery query, DateTimeOffset now, CancellationToken cancellationToken = default);
}
