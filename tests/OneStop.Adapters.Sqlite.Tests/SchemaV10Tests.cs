using System.Globalization;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Statistics;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 10: the statistics' breakdown and duration indexes are gone, the breakdowns scan
/// <c>ix_cases_finished</c>; files of schema 9 (and through it 8) upgrade in place, and every report reads as before.</summary>
public sealed class SchemaV10Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh9 = new(), _fresh10 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh9.Dispose();
        _fresh10.Dispose();
    }

    private static readonly DateTimeOffset Now = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Dropped = ["ix_cases_by_item", "ix_cases_by_department", "ix_cases_by_kind", "ix_cases_by_result", "ix_cases_duration"];

    /// <summary>Lays a schema 10 file out as schema 9 did: the five indexes back, as schema 8 created them.</summary>
    internal const string DowngradeToVersion9 =
        """
        CREATE INDEX ix_cases_by_item ON cases (item_code, finished_at, on_time, early, working_minutes, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_department ON cases (department, finished_at, on_time, early, working_minutes, item_code) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_kind ON cases (kind, finished_at, on_time, early, working_minutes, item_code, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_result ON cases (result, finished_at, on_time, early, working_minutes, item_code, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_duration ON cases (working_minutes, finished_at, item_code, department) WHERE working_minutes IS NOT NULL;
        PRAGMA user_version = 9;
        """;

    private long Indexes(string names) =>
        (long)_file.Scalar($"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ({names})")!;

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    [Fact]
    public async Task NewFile_HasOnlyTheFinishedIndexForStatistics()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            await host.PopulateAsync();
        }
        Assert.Equal(10L, _file.Scalar("PRAGMA user_version"));
        Assert.Equal(0L, Indexes(Quoted(Dropped)));
        Assert.Equal(1L, Indexes("'ix_cases_finished'"));
        Assert.Equal("ok", _file.Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version9File_DropsTheIndexesKeepsEveryRowAndReportsAlike()
    {
        List<StatisticsReport> before;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            await host.PopulateAsync();
            before = await ReportsAsync(store);
        }
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion9);
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh9, 9)), SchemaV8Tests.Layout(_file));
        const string Rows = "SELECT count(*) || '/' || (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM evaluations) FROM cases";
        var rows = _file.Scalar(Rows);

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            Assert.Equal(rows, _file.Scalar(Rows));
            Assert.Equal(Describe(before), Describe(await ReportsAsync(store)));
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
            // The file goes on: a case concluded after the upgrade is counted.
            await host.ConcludedAsync();
            var total = (await store.GetStatisticsAsync(new StatisticsQuery(), Now)).Total.Finished;
            Assert.Equal(before[0].Total.Finished + 1, total);
        }
        Assert.Equal(10L, _file.Scalar("PRAGMA user_version"));
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh10, SqliteSchema.CurrentVersion)), SchemaV8Tests.Layout(_file));
        Assert.Equal(0L, Indexes(Quoted(Dropped)));
        Assert.Equal("ok", _file.Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version8File_UpgradesThroughNineToTen()
    {
        List<StatisticsReport> before;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            await host.PopulateAsync();
            before = await ReportsAsync(store);
        }
        using (var connection = _file.Connect())
        {
            SqliteSchema.Execute(connection, DowngradeToVersion9);
            SqliteSchema.Execute(connection, SchemaV9Tests.DowngradeToVersion8);
        }
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            Assert.Equal(Describe(before), Describe(await ReportsAsync(store)));
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
        }
        Assert.Equal(10L, _file.Scalar("PRAGMA user_version"));
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh10, SqliteSchema.CurrentVersion)), SchemaV8Tests.Layout(_file));
    }

    /// <summary>The scan that replaced the per-key indexes gives what schema 9's SQL gave (its GROUP BY and histogram
    /// statements, run here over the table), on rows with every kind of NULL, with and without filters and a period.</summary>
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("ITEM3", null, false)]
    [InlineData(null, "DEPT1", true)]
    [InlineData("ITEM2", "DEPT0", true)]
    public void Scan_SameRows_EqualsSchema9Queries(string? item, string? department, bool period)
    {
        using (var connection = _file.Connect()) SqliteSchema.Migrate(connection, SqliteSchema.CurrentVersion);
        Fill(_file, 3_000);
        using var connection2 = _file.Connect();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var query = new StatisticsQuery
        {
            ItemCode = item,
            Department = department,
            From = period ? start.AddDays(40) : null,
            To = period ? start.AddDays(200) : null,
        };
        foreach (var (by, column) in new[] { (StatisticsDimension.Item, "item_code"), (StatisticsDimension.Department, "department"),
                     (StatisticsDimension.Kind, "kind"), (StatisticsDimension.Outcome, "result") })
        {
            var expected = OldGroups(connection2, query, column);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, StatisticsQueries.Groups(connection2, query with { By = by }));
        }
        var histogram = OldHistogram(connection2, query);
        Assert.Equal(StatisticsMath.Summarize(histogram, query.MinutesPerWorkday), StatisticsQueries.Durations(connection2, query));
        Assert.Equal(StatisticsQueries.Total(connection2, query), Report(connection2, query).Total);
        Assert.Equal(StatisticsMath.Summarize(histogram, query.MinutesPerWorkday), Report(connection2, query).Duration);
        Assert.Equal(OldGroups(connection2, query, "item_code"), Report(connection2, query with { By = StatisticsDimension.Item }).Groups);
    }

    private static StatisticsReport Report(Microsoft.Data.Sqlite.SqliteConnection connection, StatisticsQuery query) =>
        StatisticsQueries.Run(connection, query, Now);

    private static string Filter(StatisticsQuery q) =>
        (q.ItemCode is null ? "" : " AND item_code = $item") + (q.Department is null ? "" : " AND department = $dept");

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, StatisticsQuery q)
    {
        command.Parameters.AddWithValue("$from", q.From?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$to", q.To?.UtcTicks ?? long.MaxValue);
        if (q.ItemCode is not null) command.Parameters.AddWithValue("$item", q.ItemCode);
        if (q.Department is not null) command.Parameters.AddWithValue("$dept", q.Department);
    }

    private static List<StatisticsGroup> OldGroups(Microsoft.Data.Sqlite.SqliteConnection connection, StatisticsQuery q, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT {column}, count(*), count(on_time), coalesce(sum(on_time), 0), coalesce(sum(early), 0), coalesce(sum(working_minutes), 0) FROM cases
            WHERE finished_at >= $from AND finished_at < $to{Filter(q)}
            GROUP BY {column}
            """;
        Bind(command, q);
        using var reader = command.ExecuteReader();
        var groups = new List<StatisticsGroup>();
        while (reader.Read())
        {
            groups.Add(new StatisticsGroup(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5)));
        }
        groups.Sort((a, b) => a.Finished != b.Finished ? b.Finished.CompareTo(a.Finished) : string.CompareOrdinal(a.Key, b.Key));
        return groups;
    }

    private static List<(long, long)> OldHistogram(Microsoft.Data.Sqlite.SqliteConnection connection, StatisticsQuery q)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT working_minutes, count(*) FROM cases
            WHERE working_minutes IS NOT NULL AND finished_at >= $from AND finished_at < $to{Filter(q)}
            GROUP BY working_minutes ORDER BY working_minutes
            """;
        Bind(command, q);
        using var reader = command.ExecuteReader();
        var histogram = new List<(long, long)>();
        while (reader.Read()) histogram.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return histogram;
    }

    /// <summary>Finished and open case rows straight into the schema: results, on-time, early and working time each
    /// sometimes NULL, some keys with non-ASCII text.</summary>
    private static void Fill(TempFile file, int cases)
    {
        using var connection = file.Connect();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO case_ids (case_number) VALUES ($n);
            INSERT INTO cases (case_id, case_number, item_code, item_version, content_hash, department, kind, state, version, submitted_at, updated_at,
              accepted_at, due_at, limit_minutes, finished_at, result, working_minutes, on_time, early)
            VALUES (last_insert_rowid(), $n, $item, 1, 'h', $dept, $kind, 'Concluded', 1, $at, $at, $at, $at, 480, $finished, $result, $worked, $onTime, $early);
            """;
        var names = new[] { "$n", "$item", "$dept", "$kind", "$at", "$finished", "$result", "$worked", "$onTime", "$early" };
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(n, Microsoft.Data.Sqlite.SqliteType.Text));
        var random = new Random(10);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        string[] departments = ["DEPT0", "DEPT1", "市教育局", "市市场监管局"];
        string?[] results = ["Approved", "Approved", "Denied", "Withdrawn", null];
        for (var k = 0; k < cases; k++)
        {
            object Or(object? value) => value ?? DBNull.Value;
            var finished = random.Next(10) == 0 ? (long?)null : start + random.NextInt64(300 * TimeSpan.TicksPerDay);
            p["$n"].Value = "N" + k.ToString(CultureInfo.InvariantCulture);
            p["$item"].Value = "ITEM" + random.Next(6).ToString(CultureInfo.InvariantCulture);
            p["$dept"].Value = departments[random.Next(departments.Length)];
            p["$kind"].Value = random.Next(3) == 0 ? "Immediate" : "Promised";
            p["$at"].Value = start;
            p["$finished"].Value = Or(finished);
            p["$result"].Value = Or(finished is null ? null : results[random.Next(results.Length)]);
            p["$worked"].Value = Or(random.Next(8) == 0 ? null : random.Next(2_000));
            p["$onTime"].Value = Or(random.Next(5) == 0 ? null : random.Next(2));
            p["$early"].Value = Or(random.Next(5) == 0 ? null : random.Next(2));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Every report shape over the populated file.</summary>
    private static async Task<List<StatisticsReport>> ReportsAsync(SqliteCaseStore store)
    {
        var reports = new List<StatisticsReport>();
        foreach (var by in Enum.GetValues<StatisticsDimension>())
            reports.Add(await store.GetStatisticsAsync(new StatisticsQuery { By = by }, Now));
        return reports;
    }

    private static List<string> Describe(List<StatisticsReport> reports) =>
        reports.Select(r => $"{r.Query.By}: {r.Total} | {r.Duration} | {string.Join("; ", r.Groups)} | {r.OverdueTotal}").ToList();
}
