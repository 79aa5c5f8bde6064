using OneStop.Engine.Outbox;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A dispatcher reads the outbox again for what its deliveries caused before it marks (IPendingRereads):
/// the reread leaves out what it delivered, starts after it while nothing was passed over, and a held-back case stays
/// held; RunUntilIdleAsync then marks once for all its reads.</summary>
public sealed class PendingRereadTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private static async Task<List<string>> Reread(IPendingRereads store, PendingRereadState state, DateTimeOffset now) =>
        [.. (await store.GetPendingMessagesAsync(now, 100, state)).Select(p => p.Message.MessageId)];

    [Fact]
    public async Task Reread_LeavesOutWhatItDelivered_AndFindsWhatCameSince()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        IPendingRereads rereads = store;
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1"), Some.Message("a2", "A-1")]));
        var state = new PendingRereadState();
        Assert.Equal(["a1", "a2"], await Reread(rereads, state, Some.T0));
        Assert.True(state.MarkDeliveredHere("a1"));
        Assert.True(state.MarkDeliveredHere("a2"));
        Assert.False(state.MarkDeliveredHere("never-read"));

        await store.CommitAsync(Some.Commit("A-1", 1, outbox: [Some.Message("a3", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));

        Assert.Equal(["a3", "b1"], await Reread(rereads, state, Some.T0));
        // Nothing was marked: a plain read (another dispatcher's, or after a crash) still has all four.
        Assert.Equal(0L, _file.Scalar("SELECT count(*) FROM outbox_marks"));
        Assert.Equal(["a1", "a2", "a3", "b1"], (await store.GetPendingMessagesAsync(Some.T0, 100)).Select(p => p.Message.MessageId));
        // Started again from the watermark (a passed-over message or a failure), the reread still leaves them out.
        state.AllDelivered = false;
        Assert.Equal(["a3", "b1"], await Reread(rereads, state, Some.T0));
    }

    [Fact]
    public async Task Reread_AfterAFailure_TheFailedMessageStillHoldsItsCaseBack()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        IPendingRereads rereads = store;
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        var state = new PendingRereadState();
        Assert.Equal(["a1", "b1"], await Reread(rereads, state, Some.T0));
        state.MarkDeliveredHere("a1");
        await store.MarkFailedAsync("b1", Some.T0.AddMinutes(5), "down", dead: false);
        await store.CommitAsync(Some.Commit("B-1", 1, outbox: [Some.Message("b2", "B-1")]));

        // Read on from after b1 (the resume point), b2 would go out before b1: the dispatcher's flag walks from the watermark.
        state.AllDelivered = false;
        Assert.Empty(await Reread(rereads, state, Some.T0));
        Assert.Equal(["b1", "b2"], await Reread(rereads, state, Some.T0.AddMinutes(5)));
    }

    [Fact]
    public async Task Reread_PassedOverMessage_IsNotSkippedByTheResumePoint()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        IPendingRereads rereads = store;
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        await store.MarkFailedAsync("b1", Some.T0.AddMinutes(5), "down", dead: false);
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        var state = new PendingRereadState();
        // b1 is not due: passed over, so the resume point is not trusted.
        Assert.Equal(["a1"], await Reread(rereads, state, Some.T0));
        Assert.False(state.AllDelivered);
        state.MarkDeliveredHere("a1");
        await store.CommitAsync(Some.Commit("B-1", 1, outbox: [Some.Message("b2", "B-1")]));
        Assert.Equal(["b1", "b2"], await Reread(rereads, state, Some.T0.AddMinutes(5)));
    }

    /// <summary>Delivers by name; "a1" commits a further message of its case (as a service answer's command would).</summary>
    private sealed class Chain(SqliteCaseStore store, string? failing = null) : IOutboxDelivery
    {
        public List<string> Delivered { get; } = [];

        public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (message.MessageId == failing) throw new InvalidOperationException("down");
            lock (Delivered) Delivered.Add(message.MessageId);
            if (message.MessageId == "a1") await store.CommitAsync(Some.Commit("A-1", 1, outbox: [Some.Message("a2", "A-1")]), cancellationToken);
            if (message.MessageId == "a2") await store.CommitAsync(Some.Commit("B-1", 1, outbox: [Some.Message("b2", "B-1")]), cancellationToken);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task RunUntilIdle_DeliversWhatItsDeliveriesCaused_AndMarksOnce()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        var delivery = new Chain(store);
        var dispatcher = new OutboxDispatcher(store, delivery, new FixedTime(Some.T0));

        Assert.Equal(4, await dispatcher.RunUntilIdleAsync());

        // a1 and b1 in the first read (at once), a2 in the second, b2 in the third.
        Assert.Equal(["a1", "b1"], delivery.Delivered.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(["a2", "b2"], delivery.Delivered.Skip(2));
        Assert.Empty(await store.GetPendingMessagesAsync(Some.T0, 100));
        // One mark for three reads (RunOnceAsync until idle writes one per read that delivered: three).
        Assert.Equal(1L, _file.Scalar("SELECT count(*) FROM outbox_marks"));
        Assert.Equal(0, await dispatcher.RunUntilIdleAsync());
    }

    [Fact]
    public async Task RunUntilIdle_AFailedMessage_HoldsBackWhatItsCaseCommitsLater()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        var delivery = new Chain(store, failing: "b1");
        var dispatcher = new OutboxDispatcher(store, delivery, new FixedTime(Some.T0));

        Assert.Equal(2, await dispatcher.RunUntilIdleAsync());

        Assert.Equal(["a1", "a2"], delivery.Delivered);
        Assert.Equal(["b1", "b2"], (await store.GetPendingMessagesAsync(Some.T0.AddHours(1), 100)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task RunUntilIdle_BatchFull_MarksBeforeReadingOn()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        var delivery = new Chain(store);
        var dispatcher = new OutboxDispatcher(store, delivery, new FixedTime(Some.T0), new OutboxDispatcherOptions { BatchSize = 1 });

        Assert.Equal(4, await dispatcher.RunUntilIdleAsync());

        Assert.Equal(["a1", "a2", "b1", "b2"], delivery.Delivered.Order(StringComparer.Ordinal));
        Assert.Empty(await store.GetPendingMessagesAsync(Some.T0, 100));
        Assert.Equal(4L, _file.Scalar("SELECT count(*) FROM outbox_marks"));
    }
}
