using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IStatisticsStore
{
    /// <inheritdoc />
    public Task<StatisticsReport> GetStatisticsAsync(StatisticsQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return ReadAsync("compute statistics", connection => StatisticsQueries.Run(connection, query, now), cancellationToken);
    }
}
