using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Groups of commits with engine-shaped (keyed) outbox ids: the rows, their order and every refusal are what
/// one commit at a time gives, also when a later commit of the group names an earlier one's event or repeats its id, and
/// when other work queued between them reads their messages. (Written for round store15's multi-row writes of a group's
/// appended rows, measured and reverted; they hold for the row-by-row writer and guard any later attempt.)</summary>
public sealed class GroupOutboxRowsTests : SqliteStoreTestBase
{
    private Task<(TaskCompletionSource Gate, Task Held)> HoldWriterAsync() => WriterHold.HoldAsync(Store);

    private async Task<List<string>> PendingIdsAsync() =>
        [.. (await Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100)).Select(p => p.Message.MessageId)];

    [Fact]
    public async Task Group_ManyKeyedMessages_WrittenInCommitOrderWithTheirEvents()
    {
        var (gate, held) = await HoldWriterAsync();
        // 23 commits (in multi-row chunks, 16 + 4 + 2 + 1).
        var commits = Enumerable.Range(0, 23).Select(i => Store.CommitAsync(Some.Commit($"G-{i}", 0, events: 2,
            outbox: [Some.Message($"G-{i}:1:0", $"G-{i}"), Some.Message($"G-{i}:1:1", $"G-{i}")]))).ToList();
        gate.SetResult();
        await held;
        await Task.WhenAll(commits);

        Assert.Equal(Enumerable.Range(0, 23).SelectMany(i => new[] { $"G-{i}:1:0", $"G-{i}:1:1" }), await PendingIdsAsync());
        for (var i = 0; i < 23; i++) Assert.Equal([1L, 2L], (await Store.ReadEventsAsync($"G-{i}")).Select(e => e.Sequence));
        // Every message keyed by its first event's rowid, pending without a row of its own (schema 12), seqs in commit order.
        Assert.Equal(0L, Count("SELECT count(*) FROM outbox WHERE message_key IS NULL"));
        Assert.Equal(46L, Count("SELECT count(*) FROM outbox"));
        Assert.Equal(0L, Count("SELECT count(*) FROM outbox_pending"));
        Assert.Equal(46L, Count("SELECT max(seq) - min(seq) + 1 FROM outbox"));
    }

    [Fact]
    public async Task Group_KeyedIdRepeatedByALaterCommit_GroupWrittenAgainOnlyThatCommitFails()
    {
        await Store.CommitAsync(Some.Commit("K-1", 0));
        var (gate, held) = await HoldWriterAsync();
        var regroups = Store.Writer.RegroupCount;

        var first = Store.CommitAsync(Some.Commit("K-1", 1, outbox: [Some.Message("K-1:2:0", "K-1")]));
        // Names the previous commit's event, found through its chain: its key then clashes.
        var repeat = Store.CommitAsync(Some.Commit("K-1", 2, outbox: [Some.Message("K-1:2:0", "K-1")]));
        var other = Store.CommitAsync(Some.Commit("K-2", 0, outbox: [Some.Message("K-2:1:0", "K-2")]));
        gate.SetResult();
        await held;

        await first;
        await other;
        Assert.False((await Assert.ThrowsAsync<StoreException>(() => repeat)).IsTransient);
        Assert.Equal(regroups + 1, Store.Writer.RegroupCount);
        Assert.Equal([1L, 2L], (await Store.ReadEventsAsync("K-1")).Select(e => e.Sequence));
        Assert.Equal(2, (await Store.GetCaseAsync("K-1"))!.Version);
        Assert.Equal(["K-1:2:0", "K-2:1:0"], await PendingIdsAsync());
    }

    [Fact]
    public async Task Group_KeylessIdWrittenEarlierInTheSameGroup_KeyedRepeatRefused()
    {
        var (gate, held) = await HoldWriterAsync();
        // A keyed message first (a writer that looks for keyless rows once per transaction has then found none).
        var keyed = Store.CommitAsync(Some.Commit("L-0", 0, outbox: [Some.Message("L-0:1:0", "L-0")]));
        // L-1:2:0 names event 2 of L-1, which does not exist yet: kept by its text.
        var keyless = Store.CommitAsync(Some.Commit("L-1", 0, outbox: [Some.Message("L-1:2:0", "L-1")]));
        // Event 2 now exists, so the same id is keyed: the text lookup must still refuse it.
        var clash = Store.CommitAsync(Some.Commit("L-1", 1, outbox: [Some.Message("L-1:2:0", "L-1")]));
        gate.SetResult();
        await held;

        await keyed;
        await keyless;
        Assert.False((await Assert.ThrowsAsync<StoreException>(() => clash)).IsTransient);
        Assert.Equal(1, (await Store.GetCaseAsync("L-1"))!.Version);
        Assert.Equal(["L-0:1:0", "L-1:2:0"], await PendingIdsAsync());
    }

    [Fact]
    public async Task Group_DeliveryQueuedAfterTheCommit_FindsItsMessage()
    {
        var (gate, held) = await HoldWriterAsync();
        var first = Store.CommitAsync(Some.Commit("D-1", 0, outbox: [Some.Message("D-1:1:0", "D-1")]));
        var second = Store.CommitAsync(Some.Commit("D-2", 0, outbox: [Some.Message("D-2:1:0", "D-2")]));
        var delivered = Store.MarkDeliveredAsync(["D-1:1:0"]);
        var third = Store.CommitAsync(Some.Commit("D-3", 0, outbox: [Some.Message("D-3:1:0", "D-3")]));
        gate.SetResult();
        await held;
        await Task.WhenAll(first, second, delivered, third);

        Assert.Equal(["D-2:1:0", "D-3:1:0"], await PendingIdsAsync());
        Assert.Equal(1L, Count($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
    }

    private long Count(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return Convert.ToInt64(OneStop.Adapters.Sqlite.Internal.SqliteSchema.Scalar(connection, sql), System.Globalization.CultureInfo.InvariantCulture);
    }
}
