using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

internal sealed partial class CaseEngine : ICaseReports
{
    /// <inheritdoc />
    public Task<StatisticsReport> GetStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = query with { MinutesPerWorkday = Calendar.MinutesPerWorkday };
        query.Validate();
        return _store is IStatisticsStore statistics
            ? statistics.GetStatisticsAsync(query, _time.GetUtcNow(), cancellationToken)
            : throw new NotSupportedException($"The store {_store.GetType().Name} does not implement {nameof(IStatisticsStore)}.");
    }
}
