using System.Globalization;
using Microsoft.Data.Sqlite;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Statistics;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The statistics report in SQL. Every query reads a covering index of <see cref="StatisticsSchema"/> (never
/// the case rows with their snapshots), so a report over a million cases reads a few index b-trees once each.</summary>
internal static class StatisticsQueries
{
    // .NET ticks at the Unix epoch, to turn stored ticks into seconds for strftime.
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    public static StatisticsReport Run(SqliteConnection connection, StatisticsQuery query, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var filter = Filter(query);
        var total = Groups(connection, query, filter, "''").FirstOrDefault() ?? new StatisticsGroup("", 0, 0, 0, 0, 0);
        var groups = query.By == StatisticsDimension.None ? [] : Groups(connection, query, filter, KeyExpression(query));
        var duration = StatisticsMath.Summarize(Histogram(connection, query, filter), query.MinutesPerWorkday);
        var (overdue, overdueTotal) = Overdue(connection, query, now);
        return new StatisticsReport(query, now, total, duration, groups, overdue, overdueTotal, OpenAlerts(connection), Satisfaction(connection, query, now));
    }

    private static string Filter(StatisticsQuery q) =>
        (q.ItemCode is null ? "" : " AND item_code = $item") + (q.Department is null ? "" : " AND department = $dept");

    private static void Bind(SqliteCommand command, StatisticsQuery q)
    {
        command.Parameters.AddWithValue("$from", q.From?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$to", q.To?.UtcTicks ?? long.MaxValue);
        if (q.ItemCode is not null) command.Parameters.AddWithValue("$item", q.ItemCode);
        if (q.Department is not null) command.Parameters.AddWithValue("$dept", q.Department);
    }

    private static string KeyExpression(StatisticsQuery q) => q.By switch
    {
        StatisticsDimension.Item => "item_code",
        StatisticsDimension.Department => "department",
        StatisticsDimension.Kind => "kind",
        StatisticsDimension.Outcome => "coalesce(result, '')",
        StatisticsDimension.Month => "strftime('%Y-%m', (finished_at - " + UnixEpochTicks.ToString(CultureInfo.InvariantCulture) + ") / 10000000 + "
            + ((long)q.UtcOffset.TotalSeconds).ToString(CultureInfo.InvariantCulture) + ", 'unixepoch')",
        _ => "''",
    };

    private static List<StatisticsGroup> Groups(SqliteConnection connection, StatisticsQuery q, string filter, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT {key} AS k, count(*), count(on_time), coalesce(sum(on_time), 0), coalesce(sum(early), 0), coalesce(sum(working_minutes), 0)
            FROM cases INDEXED BY ix_cases_finished
            WHERE finished_at >= $from AND finished_at < $to{filter}
            GROUP BY k ORDER BY 2 DESC, 1
            """;
        Bind(command, q);
        using var reader = command.ExecuteReader();
        var groups = new List<StatisticsGroup>();
        while (reader.Read())
        {
            if (reader.GetInt64(1) == 0) continue;
            groups.Add(new StatisticsGroup(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5)));
        }
        return groups;
    }

    private static List<(long, long)> Histogram(SqliteConnection connection, StatisticsQuery q, string filter)
    {
        using var command = connection.CreateCommand();
        // Walks ix_cases_duration in working-minute order: the GROUP BY needs no sorting.
        command.CommandText =
            $"""
            SELECT working_minutes, count(*) FROM cases INDEXED BY ix_cases_duration
            WHERE working_minutes IS NOT NULL AND finished_at >= $from AND finished_at < $to{filter}
            GROUP BY working_minutes ORDER BY working_minutes
            """;
        Bind(command, q);
        using var reader = command.ExecuteReader();
        var histogram = new List<(long, long)>();
        while (reader.Read()) histogram.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return histogram;
    }

    private static (List<OverdueCase>, long) Overdue(SqliteConnection connection, StatisticsQuery q, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        var filter = Filter(q);
        command.CommandText =
            $"""
            SELECT count(*) FROM cases INDEXED BY ix_cases_open_due
            WHERE due_at IS NOT NULL AND finished_at IS NULL AND due_at < $now AND state <> 'Suspended'{filter};
            SELECT case_number, item_code, department, state, due_at FROM cases INDEXED BY ix_cases_open_due
            WHERE due_at IS NOT NULL AND finished_at IS NULL AND due_at < $now AND state <> 'Suspended'{filter}
            ORDER BY due_at, case_number LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$now", Ticks(now));
        command.Parameters.AddWithValue("$limit", q.OverdueLimit);
        if (q.ItemCode is not null) command.Parameters.AddWithValue("$item", q.ItemCode);
        if (q.Department is not null) command.Parameters.AddWithValue("$dept", q.Department);
        using var reader = command.ExecuteReader();
        reader.Read();
        var total = reader.GetInt64(0);
        reader.NextResult();
        var list = new List<OverdueCase>();
        while (reader.Read()) list.Add(new OverdueCase(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Instant(reader, 4)));
        return (list, total);
    }

    private static SatisfactionSummary Satisfaction(SqliteConnection connection, StatisticsQuery q, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        var filter = Filter(q);
        command.CommandText =
            $"""
            SELECT rating, count(*) FROM evaluations WHERE at >= $from AND at < $to{filter} GROUP BY rating;
            SELECT count(*), coalesce(sum(rectify_due < $now OR (contacted_at IS NULL AND contact_due < $now)), 0)
            FROM evaluations WHERE rectify_due IS NOT NULL AND rectified_at IS NULL{filter};
            """;
        Bind(command, q);
        command.Parameters.AddWithValue("$now", Ticks(now));
        using var reader = command.ExecuteReader();
        var byRating = new long[5];
        long count = 0;
        while (reader.Read())
        {
            var rating = reader.GetInt32(0);
            if (rating is < 1 or > 5) continue;
            byRating[rating - 1] = reader.GetInt64(1);
            count += byRating[rating - 1];
        }
        reader.NextResult();
        reader.Read();
        return new SatisfactionSummary(count, byRating, reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Open alerts by level from the supervision table, or null when this file has none (an older schema, or
    /// a build without supervision).</summary>
    private static Dictionary<AlertLevel, long>? OpenAlerts(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT name FROM pragma_table_info('alerts')";
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = probe.ExecuteReader())
        {
            while (reader.Read()) columns.Add(reader.GetString(0));
        }
        if (!columns.Contains("level")) return null;
        var openFilter = columns.Contains("resolved_at") ? "WHERE resolved_at IS NULL"
            : columns.Contains("state") ? "WHERE state <> 'Resolved'"
            : columns.Contains("status") ? "WHERE status <> 'Resolved'" : "";
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT level, count(*) FROM alerts {openFilter} GROUP BY level";
        var result = new Dictionary<AlertLevel, long>();
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            var raw = rows.GetValue(0);
            AlertLevel level;
            if (raw is long n && Enum.IsDefined(typeof(AlertLevel), (int)n)) level = (AlertLevel)(int)n;
            else if (raw is string s && Enum.TryParse(s, ignoreCase: true, out AlertLevel parsed)) level = parsed;
            else continue;
            result[level] = result.GetValueOrDefault(level) + rows.GetInt64(1);
        }
        return result;
    }
}
