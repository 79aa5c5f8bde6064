using System.Text;
using Microsoft.Data.Sqlite;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IAlertStore
{
    private const string AlertSelect =
        "alert_id, case_number, item_code, rule_id, level, status, step_id, department, actor, evidence, raised_at, supervise_by, " +
        "acknowledged_at, acknowledged_by, resolved_at, resolved_by, note, escalated";

    /// <inheritdoc />
    public async Task WriteAlertsAsync(IReadOnlyList<Alert> alerts, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(outbox);
        await WriteAsync<object?>(session =>
        {
            session.WriteAlerts(alerts, outbox);
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Alert?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        return ReadConnectionAsync("read an alert", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {AlertSelect} FROM alerts WHERE alert_id = $id";
            command.Parameters.AddWithValue("$id", alertId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadAlert(reader) : null;
        }, cancellationToken, ReadGate.DurableWhenFound);
    }

    /// <inheritdoc />
    public Task<Page<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        return ReadConnectionAsync("list alerts", connection =>
        {
            using var command = connection.CreateCommand();
            var where = new StringBuilder("1 = 1");
            if (query.CaseNumber is { } c)
            {
                where.Append(" AND ").Append(CaseAlerts);
                command.Parameters.AddWithValue("$c", c);
            }
            if (query.Status is { } s) Filter(command, where, "status", "$s", s.ToString());
            if (query.Level is { } l) Filter(command, where, "level", "$l", l.ToString());
            if (query.RuleId is { } r) Filter(command, where, "rule_id", "$r", r);
            command.CommandText = $"SELECT count(*) FROM alerts WHERE {where}";
            var total = (int)(long)command.ExecuteScalar()!;
            command.CommandText = $"SELECT {AlertSelect} FROM alerts WHERE {where} ORDER BY raised_at DESC, alert_id {Paging}";
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.Parameters.AddWithValue("$offset", query.Offset);
            return new Page<Alert>(ReadAlerts(command), total, query.Offset);
        }, cancellationToken);
    }

    /// <summary>Case $c's alerts (schema 11): those whose id begins with the case number and a colon (the engine's) are a
    /// range of <c>ux_alerts_id</c>, any others are in the partial <c>ix_alerts_case</c>, found by repeating its WHERE term
    /// (';' follows ':'). Each term of the OR is read from its own index.</summary>
    internal const string CaseAlerts =
        "((alert_id >= $c || ':' AND alert_id < $c || ';' AND case_number = $c) OR (case_number = $c AND substr(alert_id, 1, length(case_number) + 1) <> case_number || ':'))";

    /// <inheritdoc />
    public Task<IReadOnlyList<Alert>> FindOverdueAlertsAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadConnectionAsync<IReadOnlyList<Alert>>("find overdue alerts", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                SELECT {AlertSelect} FROM alerts
                WHERE supervise_by IS NOT NULL AND status <> 'Resolved' AND escalated = 0 AND supervise_by <= $upTo
                ORDER BY supervise_by, alert_id LIMIT +$limit
                """;
            command.Parameters.AddWithValue("$upTo", Ticks(upTo));
            command.Parameters.AddWithValue("$limit", limit);
            return ReadAlerts(command);
        }, cancellationToken, ReadGate.ForWrite);
    }

    private static void Filter(SqliteCommand command, StringBuilder where, string column, string name, string value)
    {
        where.Append(" AND ").Append(column).Append(" = ").Append(name);
        command.Parameters.AddWithValue(name, value);
    }

    private static List<Alert> ReadAlerts(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<Alert>();
        while (reader.Read()) result.Add(ReadAlert(reader));
        return result;
    }

    private static Alert ReadAlert(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Enum.Parse<AlertLevel>(r.GetString(4)), Enum.Parse<AlertStatus>(r.GetString(5)),
            StringOrNull(r, 6), StringOrNull(r, 7), StringOrNull(r, 8), r.GetString(9), Instant(r, 10), InstantOrNull(r, 11))
        {
            AcknowledgedAt = InstantOrNull(r, 12), AcknowledgedBy = StringOrNull(r, 13), ResolvedAt = InstantOrNull(r, 14),
            ResolvedBy = StringOrNull(r, 15), Note = StringOrNull(r, 16), Escalated = r.GetInt64(17) != 0,
        };
}
