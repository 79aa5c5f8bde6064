using System.Collections.Concurrent;
using OneStop.Engine.Outbox;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Outbox;

public sealed class OutboxDrainTests
{
    private readonly InMemoryCaseStore _inner = new();
    private readonly MarkCountingStore _store;
    private readonly FakeTimeProvider _time = new(Some.T0);
    private readonly ChainDelivery _delivery;

    public OutboxDrainTests()
    {
        _store = new MarkCountingStore(_inner);
        _delivery = new ChainDelivery(_store);
    }

    private OutboxDispatcher Dispatcher() => new(_store, _delivery, _time);

    private Task Commit(string caseNumber, long expected, params string[] ids) =>
        _store.CommitAsync(Some.Commit(caseNumber, expected, outbox: ids.Select(id => Some.Message(id, caseNumber)).ToList()));

    [Fact]
    public async Task DrainAsync_DeliveriesCommitMore_DeliversEveryMessageOnceWithOneMarkWrite()
    {
        await Commit("A", 0, "a1");
        await Commit("B", 0, "b1");
        // a1's delivery commits a2 (as a service answer would), a2's commits a3: three rounds of reads.
        _delivery.Then["a1"] = ("A", 1, "a2");
        _delivery.Then["a2"] = ("A", 2, "a3");

        var (delivered, marked) = await Dispatcher().DrainAsync(Some.T0);
        await marked;

        Assert.Equal(4, delivered);
        Assert.Equal(["a1", "a2", "a3", "b1"], _delivery.Delivered.Order());
        Assert.Equal(1, _store.Marks);
        Assert.Empty(await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task DrainAsync_MarkStillWriting_NextRoundReadsOnlyAfterIt()
    {
        await Commit("A", 0, "a1");
        var dispatcher = Dispatcher();
        _store.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var (delivered, marked) = await dispatcher.DrainAsync(Some.T0);
        var next = dispatcher.RunOnceAsync(Some.T0);

        Assert.Equal(1, delivered);
        Assert.False(marked.IsCompleted);
        Assert.False(next.IsCompleted);
        _store.Hold.SetResult();
        var again = await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(again.IsIdle);
        Assert.Equal(["a1"], _delivery.Delivered);
    }

    [Fact]
    public async Task DrainAsync_OneMessageFails_HoldsBackItsCaseAndEnds()
    {
        await Commit("A", 0, "a1", "a2");
        await Commit("B", 0, "b1");
        _delivery.FailIds["a1"] = true;

        var (delivered, marked) = await Dispatcher().DrainAsync(Some.T0);
        await marked;

        Assert.Equal(1, delivered);
        Assert.Equal(["b1"], _delivery.Delivered);
        var pending = await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        Assert.Equal(["a1", "a2"], pending.Select(p => p.Message.MessageId));
        Assert.Equal(1, pending[0].Attempts);
    }

    /// <summary>Records deliveries; a listed message's delivery commits another message, or fails.</summary>
    private sealed class ChainDelivery(ICaseStore store) : IOutboxDelivery
    {
        public ConcurrentQueue<string> Delivered { get; } = new();
        public ConcurrentDictionary<string, (string Case, long Expected, string Id)> Then { get; } = new();
        public ConcurrentDictionary<string, bool> FailIds { get; } = new();

        public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (FailIds.ContainsKey(message.MessageId)) throw new InvalidOperationException("sink refused " + message.MessageId);
            Delivered.Enqueue(message.MessageId);
            if (Then.TryGetValue(message.MessageId, out var then))
                await store.CommitAsync(Some.Commit(then.Case, then.Expected, outbox: [Some.Message(then.Id, then.Case)]), cancellationToken);
        }
    }
}
