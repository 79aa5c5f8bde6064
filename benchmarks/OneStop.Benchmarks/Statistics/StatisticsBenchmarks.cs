using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;

namespace OneStop.Benchmarks.Statistics;

/// <summary>Statistics over 1,000,000 finished cases (plus 10,000 open and 100,000 evaluations) in a SQLite file; the
/// budget is under 1 s per query. Each query of the report is measured on its own, then whole reports through the
/// store's public API. The baseline is a bare <c>count(*)</c> over the case table in the same run.</summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private const int Cases = 1_000_000;
    private static readonly StatisticsQuery All = new();
    private SqliteCaseStore _store = null!;
    private SqliteConnection _connection = null!;

    /// <summary>Generates (once, cached) and opens the file.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var path = StatisticsFile.Ensure(Cases);
        _store = SqliteCaseStore.Open(path, new SqliteStoreOptions { CreateIfMissing = false, VerifyOnOpen = false });
        _connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        _connection.Open();
    }

    /// <summary>Closes the file.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _store.Dispose();
    }

    /// <summary>Baseline: count every case row.</summary>
    [Benchmark(Baseline = true)]
    public long CountAllCases()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM cases";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Query: totals (finished, decided, on time, early) over all time.</summary>
    [Benchmark]
    public StatisticsGroup Totals() => StatisticsQueries.Total(_connection, All);

    /// <summary>Query: counts by item (200 items).</summary>
    [Benchmark]
    public int GroupByItem() => StatisticsQueries.Groups(_connection, All with { By = StatisticsDimension.Item }).Count;

    /// <summary>Query: counts by department.</summary>
    [Benchmark]
    public int GroupByDepartment() => StatisticsQueries.Groups(_connection, All with { By = StatisticsDimension.Department }).Count;

    /// <summary>Query: counts by outcome.</summary>
    [Benchmark]
    public int GroupByOutcome() => StatisticsQueries.Groups(_connection, All with { By = StatisticsDimension.Outcome }).Count;

    /// <summary>Query: counts by month (one range scan per month).</summary>
    [Benchmark]
    public int GroupByMonth() => StatisticsQueries.Groups(_connection, All with { By = StatisticsDimension.Month }).Count;

    /// <summary>Query: mean, median and p90 working days.</summary>
    [Benchmark]
    public DurationSummary Durations() => StatisticsQueries.Durations(_connection, All);

    /// <summary>Query: the current overdue list (count and first 100).</summary>
    [Benchmark]
    public long OverdueList() => StatisticsQueries.Overdue(_connection, All, StatisticsFile.Now).Item2;

    /// <summary>Query: satisfaction and open rectifications.</summary>
    [Benchmark]
    public long Satisfaction() => StatisticsQueries.Satisfaction(_connection, All, StatisticsFile.Now).Count;

    /// <summary>Whole report through the store: all time by item.</summary>
    [Benchmark]
    public Task<StatisticsReport> ReportByItem() => _store.GetStatisticsAsync(All with { By = StatisticsDimension.Item }, StatisticsFile.Now);

    /// <summary>Whole report through the store: one month (≈ 85,000 cases) by outcome.</summary>
    [Benchmark]
    public Task<StatisticsReport> ReportOneMonthByOutcome() => _store.GetStatisticsAsync(All with
    {
        From = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.FromHours(8)),
        To = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)),
        By = StatisticsDimension.Outcome,
    }, StatisticsFile.Now);
}
