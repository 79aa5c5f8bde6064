using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 7 indexes a task by its case only when its id does not begin with the case number and a slash (the
/// engine's ids do): a writer that does not know a case's tasks deletes them by a range of the table's key plus the
/// partial index, and never touches another case's tasks.</summary>
public sealed class TaskIndexTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    private List<string> Plan(string sql) => _file.QueryPlan(sql, ("?1", "C1"));

    [Fact]
    public void DeleteCaseTasks_SearchesTheKeyRangeAndThePartialIndex()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        var range = Assert.Single(Plan(WriterSession.DeleteCaseTasks));
        Assert.Contains("SEARCH tasks USING PRIMARY KEY (task_id>? AND task_id<?)", range, StringComparison.Ordinal);
        var other = Assert.Single(Plan(WriterSession.DeleteOtherCaseTasks));
        Assert.Contains("SEARCH tasks USING INDEX ix_tasks_case (case_number=?)", other, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void TaskFilter_AnyLists_ReadsEachFromItsIndexNeverTheTable(bool roles, bool departments)
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        var names = new List<string> { "$actor" };
        var values = new List<object> { "a" };
        var query = new OneStop.Engine.Storage.TaskQuery("a", roles ? ["r1", "r2"] : [], departments ? ["d1"] : []);
        var where = SqliteCaseStore.TaskFilter(names, values, query);
        var parameters = names.Zip(values).ToArray();
        foreach (var sql in new[] { $"SELECT count(*) FROM tasks WHERE {where}", $"SELECT task_id FROM tasks WHERE {where} ORDER BY due IS NULL, due, created_at, task_id LIMIT 10" })
        {
            var plan = _file.QueryPlan(sql, parameters);
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN tasks", StringComparison.Ordinal));
            Assert.Contains(plan, p => p.Contains("ix_tasks_assignee", StringComparison.Ordinal));
            if (roles) Assert.Contains(plan, p => p.Contains("ix_tasks_role", StringComparison.Ordinal));
            if (departments) Assert.Contains(plan, p => p.Contains("ix_tasks_department", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Commit_UnknownCase_ReplacesOnlyItsOwnTasks()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("C1/1", "C1"), Some.Task("C1/2", "C1", assignee: "a"), Some.Task("odd", "C1")]));
            // Ids that a range of C1's key would meet, of other cases.
            await store.CommitAsync(Some.Commit("C10", 0, tasks: [Some.Task("C10/1", "C10")]));
            await store.CommitAsync(Some.Commit("D", 0, tasks: [Some.Task("C1/9", "D"), Some.Task("C1/", "D")]));
            await store.CommitAsync(Some.Commit("C1/x", 0, tasks: [Some.Task("C1/x/1", "C1/x")]));
        }
        Assert.Equal(1L, Scalar("SELECT count(*) FROM tasks INDEXED BY ix_tasks_case WHERE case_number = 'C1' AND substr(task_id, 1, length(case_number) + 1) <> case_number || '/'"));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM tasks INDEXED BY ix_tasks_case WHERE case_number = 'D' AND substr(task_id, 1, length(case_number) + 1) <> case_number || '/'"));

        // A new writer does not know C1's tasks: it replaces them all.
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("C1", 1, tasks: [Some.Task("C1/3", "C1")]));
        }
        Assert.Equal("C1/3", Scalar("SELECT group_concat(task_id, ',') FROM tasks WHERE case_number = 'C1'"));
        Assert.Equal("C1/,C1/9", Scalar("SELECT group_concat(task_id, ',') FROM (SELECT task_id FROM tasks WHERE case_number = 'D' ORDER BY task_id)"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM tasks WHERE case_number = 'C10'"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM tasks WHERE case_number = 'C1/x'"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }
}
