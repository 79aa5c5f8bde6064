using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 7 keeps an outbox id of the engine's shape unique through a compact integer key (the event's rowid and
/// the position) and every other id through its text; an id committed under either is refused under the other, and
/// delivery marks, failures and retries find a message whichever way it is kept.</summary>
public sealed class OutboxMessageKeyTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    [Theory]
    [InlineData("A-1:1:0", "A-1", 1L, 0L)]
    [InlineData("SZ:2026:x:17:3", "SZ:2026:x", 17L, 3L)]
    [InlineData("C:0:65535", "C", 0L, 65535L)]
    public void TryParse_EngineShape_SplitsIt(string id, string caseNumber, long sequence, long position)
    {
        Assert.True(MessageKey.TryParse(id, out var c, out var s, out var p));
        Assert.Equal((caseNumber, sequence, position), (c, s, p));
    }

    [Theory]
    [InlineData("A-1:01:0")]
    [InlineData("A-1:1:00")]
    [InlineData("A-1:+1:0")]
    [InlineData("A-1:-1:0")]
    [InlineData("A-1:1:65536")]
    [InlineData(":1:0")]
    [InlineData("1:0")]
    [InlineData("A-1::0")]
    [InlineData("A-1:1:")]
    [InlineData("alert-7/Raised")]
    [InlineData("A-1:1234567890123456:0")]
    public void TryParse_OtherSpelling_NotKeyed(string id) => Assert.False(MessageKey.TryParse(id, out _, out _, out _));

    [Fact]
    public async Task Commit_EngineShapedId_KeyedByEventRowidAndRefusedTwice()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("A-1", 0, events: 2, outbox: [Some.Message("A-1:1:0", "A-1"), Some.Message("A-1:1:1", "A-1"), Some.Message("other", "A-1")]));
            // The same id again, in a later commit of the same case: refused whatever the commit.
            var again = Some.Commit("A-1", 2, outbox: [Some.Message("A-1:1:1", "A-1")]);
            Assert.False((await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(again))).IsTransient);
            var other = Some.Commit("A-1", 2, outbox: [Some.Message("other", "A-1")]);
            Assert.False((await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(other))).IsTransient);
        }
        var eventId = (long)Scalar("SELECT e.id FROM events e JOIN case_ids k ON k.case_id = e.case_id WHERE k.case_number = 'A-1' AND e.sequence = 1")!;
        Assert.Equal(eventId * MessageKey.PositionLimit + 1, Scalar("SELECT message_key FROM outbox WHERE message_id = 'A-1:1:1'"));
        Assert.IsType<DBNull>(Scalar("SELECT message_key FROM outbox WHERE message_id = 'other'"));
        Assert.Equal(3L, Scalar("SELECT count(*) FROM outbox"));
        // Keyed ids are not in the text index at all: an engine workload leaves it empty.
        Assert.Equal(1L, Scalar("SELECT count(*) FROM outbox INDEXED BY ux_outbox_message WHERE message_id > '' AND message_key IS NULL"));
    }

    [Fact]
    public async Task Commit_IdCommittedBeforeItsEventExisted_RefusedOnceKeyable()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        // B-1:2:0 names event 2 of B-1, which does not exist yet: kept by its text.
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("B-1:2:0", "B-1")]));
        Assert.IsType<DBNull>(Scalar("SELECT message_key FROM outbox WHERE message_id = 'B-1:2:0'"));
        // Event 2 now exists, so the same id would be keyed: the text index still refuses it.
        var clash = Some.Commit("B-1", 1, outbox: [Some.Message("B-1:2:0", "B-1")]);
        Assert.False((await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(clash))).IsTransient);
        await store.CommitAsync(Some.Commit("B-1", 1, outbox: [Some.Message("B-1:2:1", "B-1")]));

        // Both kinds are found by their id for failures, dead letters, retries and delivery.
        await store.MarkFailedAsync("B-1:2:0", Some.T0, "boom", dead: true);
        await store.MarkFailedAsync("B-1:2:1", Some.T0, "boom", dead: true);
        Assert.Equal(["B-1:2:0", "B-1:2:1"], (await store.ListDeadMessagesAsync(10)).Select(p => p.Message.MessageId));
        Assert.True(await store.RetryDeadMessageAsync("B-1:2:0"));
        Assert.True(await store.RetryDeadMessageAsync("B-1:2:1"));
        Assert.False(await store.RetryDeadMessageAsync("B-1:2:1"));
        Assert.False(await store.RetryDeadMessageAsync("B-1:9:0"));
        await store.MarkDeliveredAsync(["B-1:2:1", "B-1:2:0", "B-1:9:0", "nothing"]);
        Assert.Empty(await store.GetPendingMessagesAsync(Some.T0, 10));
        Assert.Equal(2L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
    }

    [Fact]
    public async Task Commit_KeylessThenKeyedIdInOneGroup_Refused()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        // Hold the writer so that the three commits below share one transaction.
        var (gate, held) = await WriterHold.HoldAsync(store);
        var batches = store.Writer.BatchCount;
        // A keyed insert first, while the file has no keyless row; then B-1:2:0 before its event exists (kept by its
        // text), then the same id once event 2 exists (keyed): the transaction's own keyless row must refuse it.
        var keyed = store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("A-1:1:0", "A-1")]));
        var keyless = store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("B-1:2:0", "B-1")]));
        var clash = store.CommitAsync(Some.Commit("B-1", 1, outbox: [Some.Message("B-1:2:0", "B-1")]));
        gate.SetResult();
        await held;
        await keyed;
        await keyless;
        Assert.False((await Assert.ThrowsAsync<StoreException>(() => clash)).IsTransient);
        // One group (the held one was counted before it finished), written twice: once without savepoints, once with.
        Assert.Equal(batches + 2, store.Writer.BatchCount);
        Assert.Equal(2L, Scalar("SELECT count(*) FROM outbox"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM outbox WHERE message_id = 'B-1:2:0' AND message_key IS NULL"));
    }

    [Fact]
    public async Task Open_Version6File_OldIdsKeptByTextAndStillRefusedTasksIndexedPartially()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 6);
            using var insert = connection.CreateCommand();
            insert.CommandText =
                """
                INSERT INTO cases (case_number, item_code, item_version, content_hash, department, kind, state, version, submitted_at, updated_at)
                  VALUES ('A-1', 'item', 1, 'hash', '市教育局', 'Promised', 'Accepted', 1, 10, 20);
                INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES ('A-1', 1, 'T', 1, 'a', 'k', x'00', x'00');
                INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at) VALUES ('A-1:1:0', 'A-1', 'notification', 'T', x'01', 5);
                INSERT INTO tasks (task_id, case_number, step_id, created_at) VALUES ('A-1/1', 'A-1', 's', 1), ('x', 'A-1', 's', 1), ('A-1/9', 'B-1', 's', 1);
                """;
            insert.ExecuteNonQuery();
        }

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            // Event 1 exists, so A-1:1:0 would be keyed now: the upgraded row, kept by its text, still refuses it.
            var clash = Some.Commit("A-1", 1, outbox: [Some.Message("A-1:1:0", "A-1")]);
            Assert.False((await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(clash))).IsTransient);
            // The writer does not know A-1's tasks: it replaces both kinds (the task index is rebuilt partial), not B-1's.
            await store.CommitAsync(Some.Commit("A-1", 1, outbox: [Some.Message("A-1:2:0", "A-1")], tasks: [Some.Task("A-1/2", "A-1")]));
            await store.MarkDeliveredAsync(["A-1:1:0"]);
            Assert.Equal(["A-1:2:0"], (await store.GetPendingMessagesAsync(Some.T0, 10)).Select(p => p.Message.MessageId));
        }
        Assert.IsType<DBNull>(Scalar("SELECT message_key FROM outbox WHERE message_id = 'A-1:1:0'"));
        Assert.IsType<long>(Scalar("SELECT message_key FROM outbox WHERE message_id = 'A-1:2:0'"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('outbox') WHERE name = 'ux_outbox_key' AND \"unique\" = 1 AND partial = 1"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('outbox') WHERE name = 'ux_outbox_message' AND \"unique\" = 1 AND partial = 1"));
        Assert.Equal("A-1/2,A-1/9", Scalar("SELECT group_concat(task_id, ',') FROM (SELECT task_id FROM tasks ORDER BY task_id)"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('tasks') WHERE name = 'ix_tasks_case' AND partial = 1"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }
}
