using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Tests.Statistics;

public class SqliteStatisticsTests
{
    private static async Task<StatisticsReport> ReportAsync(ICaseStore store, StatisticsQuery query)
    {
        using var host = new EngineOnFile(store);
        await host.PopulateAsync();
        return await host.Reports.GetStatisticsAsync(query);
    }

    [Theory]
    [InlineData(StatisticsDimension.None)]
    [InlineData(StatisticsDimension.Item)]
    [InlineData(StatisticsDimension.Department)]
    [InlineData(StatisticsDimension.Kind)]
    [InlineData(StatisticsDimension.Outcome)]
    [InlineData(StatisticsDimension.Month)]
    public async Task GetStatistics_SameCases_SqlEqualsInMemory(StatisticsDimension by)
    {
        using var file = new TempFile();
        await using var sqlite = SqliteCaseStore.Open(file.Path);
        var query = new StatisticsQuery { By = by };

        var expected = await ReportAsync(new InMemoryCaseStore(), query);
        var actual = await ReportAsync(sqlite, query);

        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Groups, actual.Groups);
        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(expected.OverdueTotal, actual.OverdueTotal);
        Assert.Equal(expected.Overdue.Select(o => o.DueAt), actual.Overdue.Select(o => o.DueAt));
        Assert.Equal(expected.Satisfaction.ByRating, actual.Satisfaction.ByRating);
        Assert.Equal(expected.Satisfaction.OpenRectifications, actual.Satisfaction.OpenRectifications);
        Assert.Equal(expected.Satisfaction.OverdueRectifications, actual.Satisfaction.OverdueRectifications);
        Assert.Equal(expected.OpenAlerts!.OrderBy(a => a.Key), actual.OpenAlerts!.OrderBy(a => a.Key));
    }

    [Fact]
    public async Task GetStatistics_MixedCases_CountsWhatHappened()
    {
        using var file = new TempFile();
        await using var sqlite = SqliteCaseStore.Open(file.Path);
        var report = await ReportAsync(sqlite, new StatisticsQuery { By = StatisticsDimension.Outcome });

        Assert.Equal(5, report.Total.Finished);
        Assert.Equal(4, report.Total.Decided);
        Assert.Equal(3, report.Total.OnTime);
        Assert.Equal(0.75, report.Total.OnTimeRate);
        Assert.Equal(1, report.OverdueTotal);
        Assert.Equal([("Approved", 4L), ("Rejected", 1L)], report.Groups.Select(g => (g.Key, g.Finished)));
        Assert.Equal(2, report.Satisfaction.Count);
        Assert.Equal(1, report.Satisfaction.Bad);
        Assert.Equal(1, report.Satisfaction.OpenRectifications);
        Assert.NotNull(report.OpenAlerts);
    }

    [Fact]
    public async Task GetStatistics_ItemFilterWithoutMatches_IsEmpty()
    {
        using var file = new TempFile();
        await using var sqlite = SqliteCaseStore.Open(file.Path);
        var report = await ReportAsync(sqlite, new StatisticsQuery { ItemCode = "nope" });
        Assert.Equal(0, report.Total.Finished);
        Assert.Null(report.Total.OnTimeRate);
        Assert.Equal(0, report.Duration.Count);
        Assert.Empty(report.Overdue);
    }

    [Fact]
    public async Task GetStatistics_AlertsInTheFile_CountsOpenAlertsByLevel()
    {
        using var file = new TempFile();
        await using (var sqlite = SqliteCaseStore.Open(file.Path))
        {
            using var host = new EngineOnFile(sqlite);
            await host.ConcludedAsync();
        }
        Dictionary<OneStop.Definitions.AlertLevel, long> before;
        await using (var store = SqliteCaseStore.Open(file.Path))
            before = new((await store.GetStatisticsAsync(new StatisticsQuery(), DateTimeOffset.UnixEpoch)).OpenAlerts!);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO alerts (alert_id, case_number, item_code, rule_id, level, status, evidence, raised_at) VALUES
                  ('t:a', 'c', 'i', 'r', 'Red', 'Raised', 'e', 0), ('t:b', 'c', 'i', 'r', 'Red', 'Acknowledged', 'e', 0),
                  ('t:c', 'c', 'i', 'r', 'Yellow', 'Raised', 'e', 0), ('t:d', 'c', 'i', 'r', 'Red', 'Resolved', 'e', 0);
                """;
            command.ExecuteNonQuery();
        }
        await using var reopened = SqliteCaseStore.Open(file.Path);
        var report = await reopened.GetStatisticsAsync(new StatisticsQuery(), DateTimeOffset.UnixEpoch);
        Assert.Equal(before.GetValueOrDefault(OneStop.Definitions.AlertLevel.Red) + 2, report.OpenAlerts![OneStop.Definitions.AlertLevel.Red]);
        Assert.Equal(before.GetValueOrDefault(OneStop.Definitions.AlertLevel.Yellow) + 1, report.OpenAlerts[OneStop.Definitions.AlertLevel.Yellow]);
    }
}
