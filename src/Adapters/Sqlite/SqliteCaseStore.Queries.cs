using System.Text;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore
{
    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<DateTimeOffset?>("read the next due instant", session =>
        {
            var command = session.Command("SELECT min(earliest_due) FROM cases WHERE earliest_due IS NOT NULL");
            return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<CaseRecord>>("find due cases", session =>
        {
            var command = session.Command(
                $"SELECT {CaseSelect} FROM {CaseFrom} WHERE earliest_due IS NOT NULL AND earliest_due <= $upTo ORDER BY earliest_due, case_number LIMIT $limit",
                "$upTo", "$limit");
            command.Parameters[0].Value = Ticks(upTo);
            command.Parameters[1].Value = limit;
            return ReadCases(command);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        return ReadAsync("list tasks", session =>
        {
            // The filter's shape varies with the query (which lists, how long), but a session sees few shapes: each is
            // prepared once per session and reused with new values.
            var names = new List<string> { "$actor" };
            var values = new List<object> { query.Actor };
            var where = TaskFilter(names, values, query);
            var total = CountThenPage(session, $"SELECT count(*) FROM tasks WHERE {where}", names, values, query.Limit, query.Offset);
            var select = Prepared(session,
                $"SELECT task_id, case_number, step_id, role, department, assignee, created_at, due FROM tasks WHERE {where} "
                + "ORDER BY due IS NULL, due, created_at, task_id LIMIT $limit OFFSET $offset", names, values);
            using var reader = select.ExecuteReader();
            var items = new List<TaskRecord>();
            while (reader.Read())
            {
                items.Add(new TaskRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), StringOrNull(reader, 3),
                    StringOrNull(reader, 4), StringOrNull(reader, 5), Instant(reader, 6), InstantOrNull(reader, 7)));
            }
            return new Page<TaskRecord>(items, total, query.Offset);
        }, cancellationToken);
    }

    /// <summary>The WHERE of a task list: the actor's own tasks, and the unassigned ones of its roles or departments. Each
    /// list is a top-level OR term of its own (<c>assignee IS NULL</c> repeated) so that SQLite reads each from its
    /// partial index (a MULTI-INDEX OR); nested as <c>assignee IS NULL AND (role IN … OR department IN …)</c> it scanned the
    /// whole table whenever both lists were given.</summary>
    internal static string TaskFilter(List<string> names, List<object> values, TaskQuery query)
    {
        var where = new StringBuilder("(assignee = $actor");
        if (query.Roles.Count > 0) where.Append(" OR (assignee IS NULL AND role IN (").Append(AddList(names, values, "$r", query.Roles)).Append("))");
        if (query.Departments.Count > 0) where.Append(" OR (assignee IS NULL AND department IN (").Append(AddList(names, values, "$d", query.Departments)).Append("))");
        return where.Append(')').ToString();
    }

    /// <inheritdoc />
    public Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        return ReadAsync("search cases", session =>
        {
            // One statement shape per combination of filters (at most 64), each prepared once per session.
            var filters = new List<string>();
            var names = new List<string>();
            var values = new List<object>();
            void Filter(string sql, string name, object? value)
            {
                if (value is null) return;
                filters.Add(sql);
                names.Add(name);
                values.Add(value);
            }
            Filter("applicant = $applicant", "$applicant", query.Applicant);
            Filter("item_code = $item", "$item", query.ItemCode);
            Filter("department = $dept", "$dept", query.Department);
            Filter("state = $state", "$state", query.State);
            Filter("submitted_at >= $from", "$from", query.SubmittedFrom?.UtcTicks);
            Filter("submitted_at < $to", "$to", query.SubmittedTo?.UtcTicks);
            var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
            var total = CountThenPage(session, $"SELECT count(*) FROM cases {where}", names, values, query.Limit, query.Offset);
            var select = Prepared(session,
                $"SELECT {CaseSelect} FROM {CaseFrom} {where} ORDER BY submitted_at DESC, case_number LIMIT $limit OFFSET $offset", names, values);
            return new Page<CaseRecord>(ReadCases(select), total, query.Offset);
        }, cancellationToken);
    }

    /// <summary>The session's prepared statement for <paramref name="sql"/> with <paramref name="values"/> bound to
    /// <paramref name="names"/> in order.</summary>
    private static SqliteCommand Prepared(ReaderSession session, string sql, List<string> names, List<object> values)
    {
        var command = session.Command(sql, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(names));
        for (var i = 0; i < values.Count; i++) command.Parameters[i].Value = values[i];
        return command;
    }

    /// <summary>Runs the count statement, then adds the paging parameters (<c>$limit</c>, <c>$offset</c>) for the page's
    /// statement that follows.</summary>
    private static int CountThenPage(ReaderSession session, string countSql, List<string> names, List<object> values, int limit, int offset)
    {
        var total = Convert.ToInt32(Prepared(session, countSql, names, values).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        names.Add("$limit");
        values.Add(limit);
        names.Add("$offset");
        values.Add(offset);
        return total;
    }

    private static List<CaseRecord> ReadCases(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var cases = new List<CaseRecord>();
        while (reader.Read()) cases.Add(ReadCase(reader));
        return cases;
    }

    private static string AddList(List<string> names, List<object> values, string prefix, IReadOnlyList<string> list)
    {
        var added = new string[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            added[i] = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            names.Add(added[i]);
            values.Add(list[i]);
        }
        return string.Join(", ", added);
    }
}
