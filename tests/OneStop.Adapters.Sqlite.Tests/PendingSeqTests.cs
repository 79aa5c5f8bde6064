using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>MarkDelivered takes each message's seq from the pending read that returned it instead of finding it from the
/// id; a seq is trusted only when its outbox row has the key read with it (or, for a row without a key, that id), and the
/// message is otherwise found by its id as before.</summary>
public sealed class PendingSeqTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task MarkDelivered_AfterPendingRead_DeliversExactlyThose()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0, events: 1, outbox: [Some.Message("A-1:1:0", "A-1"), Some.Message("plain", "A-1"), Some.Message("A-1:1:1", "A-1")]));
        Assert.Equal(3, (await store.GetPendingMessagesAsync(Some.T0, 10)).Count);

        await store.MarkDeliveredAsync(["A-1:1:0", "plain"]);

        Assert.Equal(["A-1:1:1"], (await store.GetPendingMessagesAsync(Some.T0, 10)).Select(p => p.Message.MessageId));
        Assert.Equal(2L, _file.Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
    }

    [Fact]
    public async Task MarkDelivered_WrongOrStaleSeq_FoundByItsIdInstead()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("B-1", 0, events: 1, outbox: [Some.Message("B-1:1:0", "B-1"), Some.Message("other", "B-1")]));
        var seqOfOther = (long)_file.Scalar("SELECT seq FROM outbox WHERE message_id = 'other'")!;

        // The seq of another pending message, and one that names no row: neither is trusted, both ids are found.
        await store.Writer.EnqueueAsync(session =>
        {
            session.MarkDelivered(["B-1:1:0"], [new PendingSeq(seqOfOther, 0)], 1);
            session.MarkDelivered(["other"], [new PendingSeq(999_999, 0)], 1);
            return null;
        }, CancellationToken.None);

        Assert.Empty(await store.GetPendingMessagesAsync(Some.T0, 10));
        Assert.Equal(2L, _file.Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
        // Marked again (a redelivery): nothing changes.
        var marks = _file.Scalar("SELECT count(*) FROM outbox_marks");
        await store.MarkDeliveredAsync(["B-1:1:0", "other"]);
        Assert.Equal(2L, _file.Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
        Assert.Equal(marks, _file.Scalar("SELECT count(*) FROM outbox_marks"));
    }

    [Fact]
    public async Task MarkDelivered_SeqWhoseRowHasAnotherKey_FoundByItsIdInstead()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("C-1", 0, events: 1, outbox: [Some.Message("C-1:1:0", "C-1"), Some.Message("C-1:1:1", "C-1")]));
        var seqOfSecond = (long)_file.Scalar("SELECT seq FROM outbox WHERE message_id = 'C-1:1:1'")!;
        var keyOfFirst = (long)_file.Scalar("SELECT message_key FROM outbox WHERE message_id = 'C-1:1:0'")!;

        // The second message's seq with the first one's key: the row at that seq has another key, so the seq is not
        // trusted (trusted without its key, the second message would be marked in the first one's place).
        await store.Writer.EnqueueAsync(session =>
        {
            session.MarkDelivered(["C-1:1:0"], [new PendingSeq(seqOfSecond, keyOfFirst)], 1);
            return null;
        }, CancellationToken.None);

        Assert.Equal(["C-1:1:1"], (await store.GetPendingMessagesAsync(Some.T0, 10)).Select(p => p.Message.MessageId));
        Assert.Equal(1L, _file.Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE message_id = 'C-1:1:0' AND delivered_at IS NOT NULL"));
    }

    [Fact]
    public async Task MarkDelivered_KeyedSeq_CheckedInTheKeyIndexAlone()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("D-1", 0, events: 1, outbox: [Some.Message("D-1:1:0", "D-1")]));
        }

        var plan = _file.QueryPlan(WriterSession.SeqByKey);

        // The outbox row itself (by its rowid) is not read: only the key index, which holds the rowid.
        Assert.Contains(plan, step => step.Contains("COVERING INDEX ux_outbox_key", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SEARCH outbox USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }
    [Fact]
    public async Task MarkDelivered_ManyKeyedSeqs_CheckedInOneRangeRead_WrongOnesFoundByTheirIds()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        var ids = Enumerable.Range(0, 6).Select(i => $"E-1:1:{i}").ToArray();
        await store.CommitAsync(Some.Commit("E-1", 0, events: 1, outbox: [.. ids.Select(id => Some.Message(id, "E-1"))]));
        long SeqOf(string id) => (long)_file.Scalar($"SELECT seq FROM outbox WHERE message_id = '{id}'")!;
        long KeyOf(string id) => (long)_file.Scalar($"SELECT message_key FROM outbox WHERE message_id = '{id}'")!;
        var seen = ids.Take(5).Select(id => new PendingSeq(SeqOf(id), KeyOf(id))).ToArray();
        // The second with the seq of the sixth (not marked) under its own key; the fourth with a key no row has. Trusted,
        // either would deliver the wrong message or none: both are found by their ids instead.
        seen[1] = new PendingSeq(SeqOf(ids[5]), KeyOf(ids[1]));
        seen[3] = new PendingSeq(SeqOf(ids[3]), KeyOf(ids[3]) + 7);
        var rangeReads = -1;

        await store.Writer.EnqueueAsync(session =>
        {
            session.MarkDelivered(ids.Take(5).ToArray(), seen, 1);
            rangeReads = session.KeyedSeqRangeReads;
            return null;
        }, CancellationToken.None);

        Assert.Equal(1, rangeReads);
        Assert.Equal([ids[5]], (await store.GetPendingMessagesAsync(Some.T0, 10)).Select(p => p.Message.MessageId));
        Assert.Equal(5L, _file.Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
    }

    [Fact]
    public async Task MarkDelivered_KeyedSeqsInOneRangeRead_ReadFromTheKeyIndexAlone()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("F-1", 0, events: 1, outbox: [Some.Message("F-1:1:0", "F-1")]));
        }

        var plan = _file.QueryPlan(WriterSession.SeqsByKeyRange);

        Assert.Contains(plan, step => step.Contains("COVERING INDEX ux_outbox_key", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SEARCH outbox USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
