using OneStop.Engine.Outbox;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Outbox;

public sealed class OutboxDispatcherTests
{
    private readonly InMemoryCaseStore _store = new();
    private readonly RecordingDelivery _delivery = new();
    private readonly FakeTimeProvider _time = new(Some.T0);
    private static readonly OutboxDispatcherOptions Options = new()
    {
        MaxAttempts = 4, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(25),
    };

    private OutboxDispatcher Dispatcher() => new(_store, _delivery, _time, Options);

    private Task Commit(string caseNumber, long expected, params string[] ids) =>
        _store.CommitAsync(Some.Commit(caseNumber, expected, outbox: ids.Select(id => Some.Message(id, caseNumber)).ToList()));

    [Fact]
    public async Task RunOnceAsync_PendingMessages_DeliversEachCaseInCommitOrderAndOnlyOnce()
    {
        await Commit("A", 0, "a1", "a2");
        await Commit("B", 0, "b1");
        await Commit("A", 1, "a3");
        var dispatcher = Dispatcher();

        var result = await dispatcher.RunOnceAsync(Some.T0);
        var again = await dispatcher.RunOnceAsync(Some.T0.AddHours(1));

        Assert.Equal(new OutboxDispatchResult(4, 0, 0), result);
        Assert.True(again.IsIdle);
        // Cases go out concurrently; within a case, commit order holds.
        Assert.Equal(["a1", "a2", "a3"], _delivery.Delivered.Where(id => id.StartsWith('a')));
        Assert.Equal(["a1", "a2", "a3", "b1"], _delivery.Delivered.Order());
        Assert.Empty(await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task RunOnceAsync_OneMessageFails_HoldsBackItsCaseAndDeliversOtherCases()
    {
        await Commit("A", 0, "a1", "a2");
        await Commit("B", 0, "b1");
        _delivery.FailIds["a1"] = true;

        var result = await Dispatcher().RunOnceAsync(Some.T0);

        Assert.Equal(new OutboxDispatchResult(1, 1, 0), result);
        Assert.Equal(["b1"], _delivery.Delivered);
        Assert.False(_delivery.Attempts.ContainsKey("a2"));
        var pending = await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        Assert.Equal(["a1", "a2"], pending.Select(p => p.Message.MessageId));
        Assert.Equal(1, pending[0].Attempts);
        Assert.Contains("sink refused a1", pending[0].LastError);
    }

    [Fact]
    public async Task RunOnceAsync_RepeatedFailures_BackOffExponentiallyUpToMaxDelay()
    {
        await Commit("A", 0, "a1");
        _delivery.FailIds["a1"] = true;
        var dispatcher = Dispatcher();
        var now = Some.T0;

        // Delays after failures 1, 2, 3: 10 s, 20 s, then capped at 25 s.
        foreach (var delay in new[] { 10, 20, 25 })
        {
            await dispatcher.RunOnceAsync(now);
            var attempts = _delivery.Attempts["a1"];
            Assert.True((await dispatcher.RunOnceAsync(now.AddSeconds(delay).AddTicks(-1))).IsIdle);
            Assert.Equal(attempts, _delivery.Attempts["a1"]);
            now = now.AddSeconds(delay);
        }
        Assert.Equal(3, _delivery.Attempts["a1"]);
    }

    [Fact]
    public async Task RunOnceAsync_MaxAttemptsReached_ParksDeadUntilRetriedByHand()
    {
        await Commit("A", 0, "a1", "a2");
        _delivery.FailIds["a1"] = true;
        var dispatcher = Dispatcher();
        var now = Some.T0;
        var results = new List<OutboxDispatchResult>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await dispatcher.RunOnceAsync(now));
            now = now.AddMinutes(1);
        }

        Assert.Equal(4, _delivery.Attempts["a1"]);
        Assert.Equal([1, 1, 1, 0, 0, 0], results.Select(r => r.Failed));
        Assert.Equal([0, 0, 0, 1, 0, 0], results.Select(r => r.Dead));
        var dead = Assert.Single(await _store.ListDeadMessagesAsync(10));
        Assert.Equal("a1", dead.Message.MessageId);
        Assert.Equal(4, dead.Attempts);
        Assert.Empty(_delivery.Delivered);

        _delivery.FailIds.Clear();
        Assert.True(await _store.RetryDeadMessageAsync("a1"));
        var after = await dispatcher.RunOnceAsync(now);

        Assert.Equal(2, after.Delivered);
        Assert.Equal(["a1", "a2"], _delivery.Delivered);
        Assert.Empty(await _store.ListDeadMessagesAsync(10));
    }

    [Fact]
    public async Task RunOnceAsync_DeliveryNamesAMessageBudget_ParksThatMessageAfterItsOwnAttempts()
    {
        // x: its own budget of 2; y: no budget (global 4); z: a nonsense budget of 0, ignored (global 4).
        await Commit("X", 0, "x");
        await Commit("Y", 0, "y");
        await Commit("Z", 0, "z");
        var delivery = new LimitedDelivery(new Dictionary<string, int?> { ["x"] = 2, ["y"] = null, ["z"] = 0 });
        var dispatcher = new OutboxDispatcher(_store, delivery, _time, Options);
        var now = Some.T0;
        for (var i = 0; i < 6; i++)
        {
            await dispatcher.RunOnceAsync(now);
            now = now.AddMinutes(1);
        }

        Assert.Equal((2, 4, 4), (delivery.Inner.Attempts["x"], delivery.Inner.Attempts["y"], delivery.Inner.Attempts["z"]));
        var dead = (await _store.ListDeadMessagesAsync(10)).ToDictionary(d => d.Message.MessageId, d => d.Attempts);
        Assert.Equal(new Dictionary<string, int> { ["x"] = 2, ["y"] = 4, ["z"] = 4 }, dead);
    }

    private sealed class LimitedDelivery(Dictionary<string, int?> budgets) : IOutboxDelivery, IOutboxAttemptLimit
    {
        public RecordingDelivery Inner { get; } = new();

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Inner.FailIds[message.MessageId] = true;
            return Inner.DeliverAsync(message, cancellationToken);
        }

        public int? MaxAttemptsOf(OutboxMessage message) => budgets[message.MessageId];
    }

    [Fact]
    public async Task RunOnceAsync_WithoutInstant_UsesTimeProvider()
    {
        await Commit("A", 0, "a1");
        _delivery.FailIds["a1"] = true;
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync();
        _delivery.FailIds.Clear();

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True((await dispatcher.RunOnceAsync()).IsIdle);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await dispatcher.RunOnceAsync()).Delivered);
    }

    [Fact]
    public async Task RunAsync_Notified_DeliversWithoutTimePassing()
    {
        var dispatcher = Dispatcher();
        using var cts = new CancellationTokenSource();
        var loop = dispatcher.RunAsync(cts.Token);

        await Commit("A", 0, "a1");
        dispatcher.Notify();
        await _delivery.FirstDelivery.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await cts.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a1"], _delivery.Delivered);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var bad = new OutboxDispatcherOptions { MaxAttempts = 0, BaseDelay = TimeSpan.Zero, BatchSize = 0 };

        var ex = Assert.Throws<ArgumentException>(() => new OutboxDispatcher(_store, _delivery, _time, bad));

        Assert.Contains("MaxAttempts", ex.Message);
        Assert.Contains("BaseDelay", ex.Message);
        Assert.Contains("BatchSize", ex.Message);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 25)]
    [InlineData(1000, 25)]
    public void DelayAfter_Failures_DoublesUpToMax(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Options.DelayAfter(failures));
}
