using System.Text;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IDueCaseIndex
{
    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<DateTimeOffset?>("read the next due instant", session =>
        {
            // min() of no rows is one NULL row.
            return session.Raw("SELECT min(earliest_due) FROM cases WHERE earliest_due IS NOT NULL").ReadFirst(r => r.InstantOrNull(0), null);
        }, cancellationToken, ReadGate.ForWrite);

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<CaseRecord>>("find due cases", session =>
        {
            var statement = session.Raw(
                $"SELECT {CaseSelect} FROM {CaseFrom} WHERE earliest_due IS NOT NULL AND earliest_due <= ?1 ORDER BY earliest_due, case_number LIMIT +?2");
            return CaseRows.ReadAll(statement.Int(1, Ticks(upTo)).Int(2, limit));
        }, cancellationToken, ReadGate.ForWrite);
    }

    /// <summary>The due list of <see cref="FindDueAsync"/> (same rows, same order) without the snapshots: that read copies
    /// every due case's snapshot out of its overflow pages and inflates it, for callers that only ask which cases are due
    /// (the deadline pass and the simulator's round plan, before every round).</summary>
    Task<IReadOnlyList<DueCase>> IDueCaseIndex.FindDueCasesAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<DueCase>>("find due cases", session =>
        {
            var statement = session.Raw(
                "SELECT case_number, applicant, earliest_due FROM cases WHERE earliest_due IS NOT NULL AND earliest_due <= ?1 ORDER BY earliest_due, case_number LIMIT +?2");
            return statement.Int(1, Ticks(upTo)).Int(2, limit).ReadAll(r => new DueCase(r.String(0), r.StringOrNull(1), r.Instant(2)));
        }, cancellationToken, ReadGate.ForWrite);
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
            var total = CountThenPage(session, $"SELECT count(*) FROM tasks WHERE {where}", values, query.Limit, query.Offset);
            var select = Prepared(session,
                $"SELECT task_id, case_number, step_id, role, department, assignee, created_at, due FROM tasks WHERE {where} "
                + "ORDER BY due IS NULL, due, created_at, task_id " + Paging, values);
            var items = select.ReadAll(r => new TaskRecord(r.String(0), r.String(1), r.String(2), r.StringOrNull(3), r.StringOrNull(4),
                r.StringOrNull(5), r.Instant(6), r.InstantOrNull(7)));
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
            var values = new List<object>();
            void Filter(string sql, object? value)
            {
                if (value is null) return;
                filters.Add(sql);
                values.Add(value);
            }
            Filter("applicant = $applicant", query.Applicant);
            Filter("item_code = $item", query.ItemCode);
            Filter("department = $dept", query.Department);
            Filter("state = $state", query.State);
            Filter("submitted_at >= $from", query.SubmittedFrom?.UtcTicks);
            Filter("submitted_at < $to", query.SubmittedTo?.UtcTicks);
            var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
            var total = CountThenPage(session, $"SELECT count(*) FROM cases {where}", values, query.Limit, query.Offset);
            // Nothing at or after the offset: the page is empty. The case number generator's count of an item's cases
            // on a new day (most of its searches) ends here, without the page's statement.
            if (total <= query.Offset) return new Page<CaseRecord>([], total, query.Offset);
            var select = Prepared(session,
                $"SELECT {CaseSelect} FROM {CaseFrom} {where} ORDER BY submitted_at DESC, case_number {Paging}", values);
            return new Page<CaseRecord>(CaseRows.ReadAll(select), total, query.Offset);
        }, cancellationToken);
    }

    /// <summary>The session's prepared statement for <paramref name="sql"/> with <paramref name="values"/> bound in order:
    /// each named parameter appears once, in the order its value was added, so SQLite numbers them alike. Driven through
    /// SQLite's API (<see cref="RawStatement"/>): the provider's data reader looked every column's type up and converted
    /// every value through it, a good part of the simulator's reads.</summary>
    private static RawStatement Prepared(ReaderSession session, string sql, List<object> values)
    {
        var statement = session.Raw(sql);
        for (var i = 0; i < values.Count; i++)
        {
            _ = values[i] switch
            {
                string text => statement.Text(i + 1, text),
                long number => statement.Int(i + 1, number),
                int number => statement.Int(i + 1, number),
                var other => throw new InvalidOperationException($"A query parameter of type {other.GetType()} cannot be bound."),
            };
        }
        return statement;
    }

    /// <summary>Runs the count statement, then adds the paging parameters (<c>$limit</c>, <c>$offset</c>) for the page's
    /// statement that follows.</summary>
    private static int CountThenPage(ReaderSession session, string countSql, List<object> values, int limit, int offset)
    {
        var total = (int)(Prepared(session, countSql, values).ScalarInt64() ?? 0);
        values.Add(limit);
        values.Add(offset);
        return total;
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
