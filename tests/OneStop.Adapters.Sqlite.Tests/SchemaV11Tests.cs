using OneStop.Adapters.Sqlite.Internal;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 11: <c>ix_tasks_role</c> and <c>ix_tasks_department</c> leave out the tasks without a role or without
/// a department; files of schema 10 upgrade in place with every task as it was, and the task lists read the same.</summary>
public sealed class SchemaV11Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh10 = new(), _fresh11 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh10.Dispose();
        _fresh11.Dispose();
    }

    /// <summary>Lays a schema 11 file out as schema 10 did: the task indexes with an entry for every unassigned task, every
    /// alert indexed by its case.</summary>
    internal const string DowngradeToVersion10 = SchemaV12Tests.DowngradeToVersion11 +
        """
        DROP INDEX ix_tasks_role;
        DROP INDEX ix_tasks_department;
        CREATE INDEX ix_tasks_role ON tasks (role, due, created_at) WHERE assignee IS NULL;
        CREATE INDEX ix_tasks_department ON tasks (department, due, created_at) WHERE assignee IS NULL;
        DROP INDEX ix_alerts_case;
        CREATE INDEX ix_alerts_case ON alerts (case_number, raised_at);
        PRAGMA user_version = 10;
        """;

    private object? Scalar(string sql) => _file.Scalar(sql);

    private string? IndexSql(string name) => (string?)Scalar($"SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = '{name}'");

    // Unassigned tasks with a role only, a department only, both and neither, and assigned ones, over two cases.
    private static readonly TaskRecord[] Tasks1 =
    [
        Some.Task("C1/1", "C1", role: "r1", department: null, due: Some.T0.AddDays(3)),
        Some.Task("C1/2", "C1", role: null, department: "d1", due: Some.T0.AddDays(1)),
        Some.Task("C1/3", "C1", role: "r2", department: "d1"),
        Some.Task("C1/4", "C1", role: null, department: null),
        Some.Task("C1/5", "C1", role: "r1", department: "d1", assignee: "a"),
    ];

    private static readonly TaskRecord[] Tasks2 =
    [
        Some.Task("C2/1", "C2", role: "r1", department: "d2", createdAt: Some.T0.AddMinutes(5)),
        Some.Task("C2/2", "C2", role: null, department: "d1", assignee: "b"),
    ];

    private static readonly AlertQuery[] AlertQueries =
    [
        new() { CaseNumber = "C1", Limit = 10 }, new() { CaseNumber = "C1", Limit = 2, Offset = 1 }, new() { CaseNumber = "C1:x", Limit = 10 },
        new() { CaseNumber = "C10", Limit = 10 }, new() { CaseNumber = "C1", Level = AlertLevel.Yellow, Limit = 10 }, new() { CaseNumber = "C", Limit = 10 },
        new() { Limit = 10 },
    ];

    private static readonly TaskQuery[] Queries =
    [
        new("a", ["r1"], []), new("a", [], ["d1"]), new("b", ["r1", "r2"], ["d1", "d2"]), new("x", ["r9"], ["d9"]), new("b", [], []),
    ];

    private static async Task<List<string>> ListAllAsync(ICaseStore store)
    {
        var lists = new List<string>();
        var alerts = (IAlertStore)store;
        foreach (var query in AlertQueries)
        {
            var page = await alerts.ListAlertsAsync(query);
            lists.Add($"{query.CaseNumber}: {page.Total} = {string.Join(", ", page.Items.Select(a => a.AlertId))}");
        }
        foreach (var query in Queries)
        {
            var page = await store.ListTasksAsync(query);
            lists.Add($"{query.Actor}: {page.Total} = {string.Join(", ", page.Items.Select(t => t.TaskId))}");
        }
        return lists;
    }

    private static async Task WriteTasksAsync(ICaseStore store)
    {
        await store.CommitAsync(Some.Commit("C1", 0, tasks: Tasks1));
        await store.CommitAsync(Some.Commit("C2", 0, tasks: Tasks2));
        // Alerts of the engine's ids and of others, over cases whose numbers a range of C1's ids would meet.
        await store.CommitAsync(Some.Commit("C1:x", 0) with { Alerts = [SomeAlert("C1:x:r:1", "C1:x", 1)] });
        await store.CommitAsync(Some.Commit("C10", 0) with { Alerts = [SomeAlert("C10:r:1", "C10", 2), SomeAlert("C1:r:9", "C10", 3)] });
        await ((IAlertStore)store).WriteAlertsAsync([SomeAlert("C1:r:1", "C1", 4), SomeAlert("C1:r:2", "C1", 6), SomeAlert("odd-1", "C1", 5), SomeAlert("C1", "C1", 7)], []);
    }

    private static Alert SomeAlert(string id, string caseNumber, int minute) =>
        new(id, caseNumber, "000104002000", "time.case-near-due", (AlertLevel)(minute % 3), AlertStatus.Raised, "review", "市教育局", "窗口",
            "evidence " + id, Some.T0.AddMinutes(minute), null);

    // C1 moves on with one task fewer and a new one with a department only.
    private static CaseCommit NextCommit() =>
        Some.Commit("C1", 1, tasks: [.. Tasks1.Where(t => t.TaskId != "C1/3"), Some.Task("C1/6", "C1", role: null, department: "d2")]);

    /// <summary>The lists the in-memory store gives (the conformance reference), before and after <see cref="NextCommit"/>.</summary>
    private static async Task<(List<string> Before, List<string> After)> ExpectedAsync()
    {
        var memory = new InMemoryCaseStore();
        await WriteTasksAsync(memory);
        var before = await ListAllAsync(memory);
        await memory.CommitAsync(NextCommit());
        return (before, await ListAllAsync(memory));
    }

    private List<string> TaskRows() =>
        _file.Texts("SELECT quote(task_id) || quote(case_number) || quote(step_id) || quote(role) || quote(department) || quote(assignee) || quote(created_at) || quote(due) FROM tasks ORDER BY task_id");

    [Fact]
    public async Task NewFile_TaskListIndexesLeaveOutNullKeys_ListsUnchanged()
    {
        var (before, after) = await ExpectedAsync();
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await WriteTasksAsync(store);
            Assert.Equal(before, await ListAllAsync(store));
            await store.CommitAsync(NextCommit());
            Assert.Equal(after, await ListAllAsync(store));
        }
        Assert.EndsWith("WHERE assignee IS NULL AND role IS NOT NULL", IndexSql("ix_tasks_role"), StringComparison.Ordinal);
        Assert.EndsWith("WHERE assignee IS NULL AND department IS NOT NULL", IndexSql("ix_tasks_department"), StringComparison.Ordinal);
        // Only the alerts whose id does not begin with their case number and a colon are indexed by case.
        Assert.EndsWith("WHERE substr(alert_id, 1, length(case_number) + 1) <> case_number || ':'", IndexSql("ix_alerts_case"), StringComparison.Ordinal);
        // The integrity check counts each index's entries against its WHERE.
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version10File_KeepsEveryTaskAndListsTheSame()
    {
        var (before, after) = await ExpectedAsync();
        await using (var store = SqliteCaseStore.Open(_file.Path)) await WriteTasksAsync(store);
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion10);
        SchemaV8Tests.Fresh(_fresh10, 10);
        SchemaV8Tests.Fresh(_fresh11, SqliteSchema.CurrentVersion);
        Assert.Equal(IndexSqls(_fresh10), IndexSqls(_file));
        var rows = TaskRows();
        var others = Scalar("SELECT count(*) FROM cases") + "/" + Scalar("SELECT count(*) FROM events") + "/" + Scalar("SELECT count(*) FROM commands");
        var alerts = Scalar("SELECT group_concat(a, '|') FROM (SELECT quote(alert_id) || quote(case_number) || quote(raised_at) || quote(evidence) AS a FROM alerts ORDER BY rowid)");

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(rows, TaskRows());
            Assert.Equal(before, await ListAllAsync(store));
            // The rebuilt indexes are kept up to date.
            await store.CommitAsync(NextCommit());
            Assert.Equal(after, await ListAllAsync(store));
        }
        Assert.Equal(IndexSqls(_fresh11), IndexSqls(_file));
        Assert.Equal(SchemaV8Tests.Layout(_fresh11), SchemaV8Tests.Layout(_file));
        Assert.Equal(others, Scalar("SELECT count(*) FROM cases") + "/" + Scalar("SELECT count(*) - 1 FROM events") + "/" + Scalar("SELECT count(*) - 1 FROM commands"));
        Assert.Equal(alerts, Scalar("SELECT group_concat(a, '|') FROM (SELECT quote(alert_id) || quote(case_number) || quote(raised_at) || quote(evidence) AS a FROM alerts ORDER BY rowid)"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    /// <summary>Every index's name and SQL (the layout of <see cref="SchemaV8Tests.Layout"/> does not show a WHERE).</summary>
    private static List<string> IndexSqls(TempFile file) =>
        file.Texts("SELECT name || ': ' || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name");

    [Fact]
    public void ListAlerts_ByCase_ReadsTheIdRangeAndThePartialIndexNeverTheTable()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        foreach (var sql in new[]
        {
            $"SELECT count(*) FROM alerts WHERE 1 = 1 AND {SqliteCaseStore.CaseAlerts}",
            $"SELECT alert_id FROM alerts WHERE 1 = 1 AND {SqliteCaseStore.CaseAlerts} AND level = 'Red' ORDER BY raised_at DESC, alert_id LIMIT 10",
        })
        {
            var plan = _file.QueryPlan(sql, ("$c", "C1"));
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN alerts", StringComparison.Ordinal));
            Assert.Contains(plan, p => p.Contains("SEARCH alerts USING INDEX ux_alerts_id (alert_id>? AND alert_id<?)", StringComparison.Ordinal));
            Assert.Contains(plan, p => p.Contains("SEARCH alerts USING INDEX ix_alerts_case (case_number=?)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Open_Version10FileOfAnotherApplication_RefusedUnchanged()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path)) await WriteTasksAsync(store);
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion10 + "PRAGMA application_id = 1;");
        var before = _file.ReadAll();
        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path));
        Assert.Equal(StoreFileProblem.Foreign, ex.Problem);
        Assert.Contains("another application", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(before, _file.ReadAll());
        Assert.Equal(10L, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public async Task Open_DamagedVersion10File_RefusedUnchanged()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            for (var i = 0; i < 200; i++)
                await store.CommitAsync(Some.Commit("C" + i, 0, tasks: [Some.Task($"C{i}/1", "C" + i, department: "d" + i)], record: Some.Case("C" + i, 1, snapshot: new string('s', 500))));
        }
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion10);
        // Scribble over the middle of the file: b-tree pages no longer parse.
        var bytes = _file.ReadAll();
        var pageSize = (int)(long)Scalar("PRAGMA page_size")!;
        for (var page = 2; page < bytes.Length / pageSize - 1; page += 3)
            Array.Fill(bytes, (byte)0xA5, page * pageSize, 64);
        File.WriteAllBytes(_file.Path, bytes);

        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path));
        Assert.Equal(StoreFileProblem.Damaged, ex.Problem);
        Assert.NotEmpty(ex.Reason);
        Assert.Equal(bytes, _file.ReadAll());
    }
}
