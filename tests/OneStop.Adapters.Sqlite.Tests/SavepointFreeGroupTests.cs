using OneStop.Engine;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Commits in a group run without savepoints of their own: a conflict or a repeated key must be refused before
/// the commit writes anything, and any other failure must send the whole group round again with a savepoint each.</summary>
public sealed class SavepointFreeGroupTests : SqliteStoreTestBase
{
    private Task<(TaskCompletionSource Gate, Task Held)> HoldWriterAsync() => WriterHold.HoldAsync(Store);

    private async Task<List<string>> PendingIdsAsync() =>
        [.. (await Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100)).Select(p => p.Message.MessageId)];

    [Fact]
    public async Task CommitAsync_ConflictsAndRepeatInGroup_FailAloneWriteNothingNoSecondRound()
    {
        await Store.CommitAsync(Some.Commit("X", 0, key: "x1", tasks: [Some.Task("X/1", "X")]));
        await Store.CommitAsync(Some.Commit("Y", 0, key: "taken"));
        var (gate, held) = await HoldWriterAsync();
        var regroups = Store.Writer.RegroupCount;
        var batches = Store.Writer.BatchCount;

        var before = Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a", "A")]));
        // Each refused commit carries an idempotency key, events, tasks and a message: none of it may stay.
        var staleUpdate = Store.CommitAsync(Some.Commit("X", 3, key: "stale", tasks: [Some.Task("X/9", "X")], outbox: [Some.Message("s", "X")]));
        var refiled = Store.CommitAsync(Some.Commit("X", 0, key: "refiled", tasks: [Some.Task("X/8", "X")], outbox: [Some.Message("r", "X")]));
        var repeat = Store.CommitAsync(Some.Commit("Z", 0, key: "taken", outbox: [Some.Message("z", "Z")]));
        var after = Store.CommitAsync(Some.Commit("X", 1, key: "x2", tasks: [Some.Task("X/1", "X", assignee: "b")], outbox: [Some.Message("x", "X")]));
        gate.SetResult();
        await held;

        await before;
        await after;
        Assert.Equal(3, (await Assert.ThrowsAsync<ConcurrencyException>(() => staleUpdate)).ExpectedVersion);
        await Assert.ThrowsAsync<ConcurrencyException>(() => refiled);
        await Assert.ThrowsAsync<DuplicateCommandException>(() => repeat);

        // One transaction for the five, written once: the refusals needed no second round.
        Assert.Equal(regroups, Store.Writer.RegroupCount);
        Assert.Equal(batches + 2, Store.Writer.BatchCount);
        Assert.Null(await Store.GetCommandAsync("stale"));
        Assert.Null(await Store.GetCommandAsync("refiled"));
        Assert.Equal("Y", (await Store.GetCommandAsync("taken"))!.CaseNumber);
        Assert.Null(await Store.GetCaseAsync("Z"));
        Assert.Equal(2, (await Store.GetCaseAsync("X"))!.Version);
        Assert.Equal([1L, 2L], (await Store.ReadEventsAsync("X")).Select(e => e.Sequence));
        Assert.Equal(["a", "x"], await PendingIdsAsync());
        Assert.Equal(2L, Convert.ToInt64(Scalar("SELECT count(*) FROM commands WHERE idempotency_key IN ('x1', 'x2')")));
        Assert.Equal(["X/1:b"], Tasks("X"));
    }

    [Fact]
    public async Task CommitAsync_FailureAfterWritingInGroup_GroupWrittenAgainOnlyThatCommitFails()
    {
        await Store.CommitAsync(Some.Commit("C", 0, tasks: [Some.Task("C/1", "C", assignee: "a")], outbox: [Some.Message("m1", "C")]));
        var (gate, held) = await HoldWriterAsync();
        var regroups = Store.Writer.RegroupCount;

        var first = Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a", "A")]));
        // Writes its command, case row, events and tasks, then fails on the message id already committed.
        var failing = Store.CommitAsync(Some.Commit("C", 1, key: "bad", record: Some.Case("C", 2, state: "Suspended"),
            tasks: [Some.Task("C/2", "C")], outbox: [Some.Message("m1", "C")]));
        var last = Store.CommitAsync(Some.Commit("B", 0, outbox: [Some.Message("b", "B")]));
        gate.SetResult();
        await held;

        await first;
        await last;
        Assert.False((await Assert.ThrowsAsync<StoreException>(() => failing)).IsTransient);
        Assert.Equal(regroups + 1, Store.Writer.RegroupCount);
        Assert.Null(await Store.GetCommandAsync("bad"));
        var c = await Store.GetCaseAsync("C");
        Assert.Equal((1L, "Submitted"), (c!.Version, c.State));
        Assert.Equal([1L], (await Store.ReadEventsAsync("C")).Select(e => e.Sequence));
        Assert.Equal(["C/1:a"], Tasks("C"));
        Assert.Equal(["m1", "a", "b"], await PendingIdsAsync());

        // The writer remembers only what committed: the next commit at version 1 writes exact rows.
        await Store.CommitAsync(Some.Commit("C", 1, tasks: [Some.Task("C/1", "C", assignee: "b"), Some.Task("C/3", "C")]));
        Assert.Equal(["C/1:b", "C/3:"], Tasks("C"));
    }

    private object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return OneStop.Adapters.Sqlite.Internal.SqliteSchema.Scalar(connection, sql);
    }

    private List<string> Tasks(string caseNumber)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, assignee FROM tasks WHERE case_number = $c ORDER BY task_id";
        command.Parameters.AddWithValue("$c", caseNumber);
        using var reader = command.ExecuteReader();
        var tasks = new List<string>();
        while (reader.Read()) tasks.Add(reader.GetString(0) + ":" + (reader.IsDBNull(1) ? "" : reader.GetString(1)));
        return tasks;
    }
}
