using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>MarkDelivered takes each message's seq from the pending read that returned it instead of finding it from the
/// id; a seq is trusted only when its outbox row has that id, and the message is otherwise found by its id as before.</summary>
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
        Assert.Equal(2L, _file.Scalar("SELECT count(*) FROM outbox_delivered"));
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
            session.MarkDelivered(["B-1:1:0"], [seqOfOther], 1);
            session.MarkDelivered(["other"], [999_999], 1);
            return null;
        }, CancellationToken.None);

        Assert.Empty(await store.GetPendingMessagesAsync(Some.T0, 10));
        Assert.Equal(2L, _file.Scalar("SELECT count(DISTINCT seq) FROM outbox_delivered"));
        // Marked again (a redelivery): nothing changes.
        await store.MarkDeliveredAsync(["B-1:1:0", "other"]);
        Assert.Equal(2L, _file.Scalar("SELECT count(*) FROM outbox_delivered"));
    }
}
