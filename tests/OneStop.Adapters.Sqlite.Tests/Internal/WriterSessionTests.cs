using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The writer updates only changed case columns and task rows when it knows the case's last committed
/// state; these tests check that the file always equals what the commits said, whichever path was taken.</summary>
public sealed class WriterSessionTests : SqliteStoreTestBase
{
    private List<string> StoredTasks(string caseNumber)
    {
        using var connection = new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, step_id, role, department, assignee, created_at, due FROM tasks WHERE case_number = $c ORDER BY task_id";
        command.Parameters.AddWithValue("$c", caseNumber);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, 7).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static List<string> Expected(IEnumerable<TaskRecord> tasks) =>
        [.. tasks.OrderBy(t => t.TaskId, StringComparer.Ordinal).Select(t => string.Join("|", t.TaskId, t.StepId, t.Role ?? "∅", t.Department ?? "∅", t.Assignee ?? "∅",
            t.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            t.Due is { } d ? d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "∅"))];

    [Fact]
    public async Task CommitAsync_RandomTaskAndStateChanges_FileEqualsLastCommit()
    {
        var seed = 20250926;
        var random = new Random(seed);
        var states = new[] { "Submitted", "Accepted", "Suspended", "Decided" };
        var version = 0L;
        for (var step = 0; step < 60; step++)
        {
            var tasks = new List<TaskRecord>();
            for (var id = 0; id < 5; id++)
            {
                if (random.Next(2) == 0) continue;
                tasks.Add(Some.Task("t" + id, "C1", role: random.Next(2) == 0 ? "a" : null, department: random.Next(3) == 0 ? "d" : null,
                    assignee: random.Next(2) == 0 ? "officer-" + random.Next(2) : null, due: random.Next(2) == 0 ? Some.T0.AddDays(random.Next(3)) : null));
            }
            var state = states[random.Next(states.Length)];
            DateTimeOffset? due = random.Next(2) == 0 ? Some.T0.AddDays(random.Next(3)) : null;
            var record = Some.Case("C1", version + 1, state: state, due: due);
            await Store.CommitAsync(Some.Commit("C1", version, tasks: tasks, record: record));
            version++;

            Assert.True(Expected(tasks).SequenceEqual(StoredTasks("C1")), $"tasks differ after commit {step} (seed {seed})");
            var stored = await Store.GetCaseAsync("C1");
            Assert.NotNull(stored);
            Assert.Equal((state, due, version), (stored.State, stored.EarliestDue, stored.Version));
        }
    }

    [Fact]
    public async Task CommitAsync_RolledBackCommandInBatch_NextCommitsStillWriteExactRows()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1", assignee: "a")], outbox: [Some.Message("m1", "C1")]));

        // Hold the writer so a failing and a good command share one transaction.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Store.Writer.EnqueueAsync(_ =>
        {
            started.SetResult();
            gate.Task.Wait();
            return null;
        }, CancellationToken.None);
        await started.Task;
        // Writes its case row and tasks, then fails on the duplicate message id: only its savepoint is undone.
        var failing = Store.CommitAsync(Some.Commit("C1", 1, key: "bad", record: Some.Case("C1", 2, state: "Suspended", due: Some.T0),
            tasks: [Some.Task("t9", "C1")], outbox: [Some.Message("m1", "C1")]));
        var good = Store.CommitAsync(Some.Commit("C2", 0));
        gate.SetResult();
        await held;
        await Assert.ThrowsAsync<StoreException>(() => failing);
        await good;

        Assert.Equal(Expected([Some.Task("t1", "C1", assignee: "a")]), StoredTasks("C1"));
        await Store.CommitAsync(Some.Commit("C1", 1, tasks: [Some.Task("t1", "C1", assignee: "b")], record: Some.Case("C1", 2, state: "Accepted")));
        await Store.CommitAsync(Some.Commit("C1", 2, tasks: [Some.Task("t1", "C1", assignee: "b"), Some.Task("t2", "C1")], record: Some.Case("C1", 3, state: "Accepted")));
        Assert.Equal(Expected([Some.Task("t1", "C1", assignee: "b"), Some.Task("t2", "C1")]), StoredTasks("C1"));
        var stored = await Store.GetCaseAsync("C1");
        Assert.Equal(("Accepted", (DateTimeOffset?)null, 3L), (stored!.State, stored.EarliestDue, stored.Version));
    }

    [Fact]
    public async Task CommitAsync_StaleVersionAfterKnownCommit_ConflictAndNothingWritten()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1")]));
        await Store.CommitAsync(Some.Commit("C1", 1, tasks: [Some.Task("t1", "C1", assignee: "a")]));
        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(Some.Commit("C1", 1, key: "late", tasks: [])));
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal(Expected([Some.Task("t1", "C1", assignee: "a")]), StoredTasks("C1"));
    }
}
