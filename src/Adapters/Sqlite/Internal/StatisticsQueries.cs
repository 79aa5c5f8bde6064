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
    public static StatisticsReport Run(SqliteConnection connection, StatisticsQuery query, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var groups = query.By == StatisticsDimension.None ? [] : Groups(connection, query);
        // With a breakdown the total is the sum of the groups: one scan fewer.
        var total = query.By == StatisticsDimension.None ? Total(connection, query) : Sum(groups);
        var duration = Durations(connection, query);
        var (overdue, overdueTotal) = Overdue(connection, query, now);
        return new StatisticsReport(query, now, total, duration, groups, overdue, overdueTotal, OpenAlerts(connection), Satisfaction(connection, query, now));
    }

    /// <summary>Counts over the whole period (one range scan of ix_cases_finished).</summary>
    public static StatisticsGroup Total(SqliteConnection connection, StatisticsQuery q) => Range(connection, q, "", q.From?.UtcTicks, q.To?.UtcTicks);

    /// <summary>The breakdown by <see cref="StatisticsQuery.By"/>, largest first.</summary>
    public static List<StatisticsGroup> Groups(SqliteConnection connection, StatisticsQuery q)
    {
        var groups = q.By == StatisticsDimension.Month ? Months(connection, q) : ByKey(connection, q);
        groups.Sort((a, b) => a.Finished != b.Finished ? b.Finished.CompareTo(a.Finished) : string.CompareOrdinal(a.Key, b.Key));
        return groups;
    }

    /// <summary>Mean, median and p90 working time from the duration histogram.</summary>
    public static DurationSummary Durations(SqliteConnection connection, StatisticsQuery q) =>
        StatisticsMath.Summarize(Histogram(connection, q, Filter(q)), q.MinutesPerWorkday);

    private static StatisticsGroup Sum(List<StatisticsGroup> groups)
    {
        long f = 0, d = 0, o = 0, e = 0, m = 0;
        foreach (var g in groups)
        {
            f += g.Finished;
            d += g.Decided;
            o += g.OnTime;
            e += g.Early;
            m += g.TotalWorkingMinutes;
        }
        return new StatisticsGroup("", f, d, o, e, m);
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

    private const string Aggregates = "count(*), count(on_time), coalesce(sum(on_time), 0), coalesce(sum(early), 0), coalesce(sum(working_minutes), 0)";

    private static StatisticsGroup Range(SqliteConnection connection, StatisticsQuery q, string key, long? from, long? to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Aggregates} FROM cases INDEXED BY ix_cases_finished WHERE finished_at >= $from AND finished_at < $to{Filter(q)}";
        Bind(command, q);
        command.Parameters["$from"].Value = from ?? long.MinValue;
        command.Parameters["$to"].Value = to ?? long.MaxValue;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StatisticsGroup(key, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static List<StatisticsGroup> ByKey(SqliteConnection connection, StatisticsQuery q)
    {
        var (column, index) = q.By switch
        {
            StatisticsDimension.Item => ("item_code", "ix_cases_by_item"),
            StatisticsDimension.Department => ("department", "ix_cases_by_department"),
            StatisticsDimension.Kind => ("kind", "ix_cases_by_kind"),
            _ => ("result", "ix_cases_by_result"),
        };
        using var command = connection.CreateCommand();
        // The index leads with the key: rows arrive grouped, so the GROUP BY needs no temporary b-tree.
        command.CommandText =
            $"""
            SELECT {column}, {Aggregates} FROM cases INDEXED BY {index}
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
        return groups;
    }

    /// <summary>One range scan per calendar month (in the query's offset) between the first and last finished case.</summary>
    private static List<StatisticsGroup> Months(SqliteConnection connection, StatisticsQuery q)
    {
        using var bounds = connection.CreateCommand();
        bounds.CommandText = "SELECT min(finished_at), max(finished_at) FROM cases INDEXED BY ix_cases_finished WHERE finished_at >= $from AND finished_at < $to";
        bounds.Parameters.AddWithValue("$from", q.From?.UtcTicks ?? long.MinValue);
        bounds.Parameters.AddWithValue("$to", q.To?.UtcTicks ?? long.MaxValue);
        long first, last;
        using (var reader = bounds.ExecuteReader())
        {
            reader.Read();
            if (reader.IsDBNull(0)) return [];
            first = reader.GetInt64(0);
            last = reader.GetInt64(1);
        }
        var groups = new List<StatisticsGroup>();
        var local = new DateTimeOffset(first, TimeSpan.Zero).ToOffset(q.UtcOffset);
        var month = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, q.UtcOffset);
        while (month.UtcTicks <= last)
        {
            var next = month.AddMonths(1);
            var from = Math.Max(month.UtcTicks, q.From?.UtcTicks ?? long.MinValue);
            var to = Math.Min(next.UtcTicks, q.To?.UtcTicks ?? long.MaxValue);
            var g = Range(connection, q, month.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, to);
            if (g.Finished > 0) groups.Add(g);
            month = next;
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

    public static (List<OverdueCase>, long) Overdue(SqliteConnection connection, StatisticsQuery q, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        var filter = Filter(q);
        command.CommandText =
            $"""
            SELECT count(*) FROM cases INDEXED BY ix_cases_open_due
            WHERE due_at IS NOT NULL AND finished_at IS NULL AND due_at < $now AND state <> 'Suspended'{filter};
            SELECT case_number, item_code, department, state, due_at FROM cases INDEXED BY ix_cases_open_due
            WHERE due_at IS NOT NULL AND finished_at IS NULL AND due_at < $now AND state <> 'Suspended'{filter}
            ORDER BY due_at, case_number LIMIT +$limit;
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

    public static SatisfactionSummary Satisfaction(SqliteConnection connection, StatisticsQuery q, DateTimeOffset now)
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
    public static Dictionary<AlertLevel, long>? OpenAlerts(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT name FROM pragma_table_info('alerts')";
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = probe.ExecuteReader())
        {
            while (reader.Read()) columns.Add(reader.GetString(0));
        }
        if (!columns.Contains("level")) return null;
        // The supervision schema (migration 3) keeps the lifecycle in 'status'; 'resolved_at' is the fallback.
        var openFilter = columns.Contains("status") ? "WHERE status <> 'Resolved'"
            : columns.Contains("resolved_at") ? "WHERE resolved_at IS NULL" : "";
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
