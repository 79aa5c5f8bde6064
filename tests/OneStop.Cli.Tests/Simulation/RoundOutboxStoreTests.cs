using System.Reflection;
using OneStop.Cli.Simulation;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Tests.Simulation;

public sealed class RoundOutboxStoreTests
{
    private static readonly DateTimeOffset Round = new(2025, 9, 15, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextRound = Round.AddHours(1.5);

    private static PendingMessage Message(string id, string caseNumber, DateTimeOffset createdAt) =>
        new(new OutboxMessage(id, caseNumber, "notification", "test", new byte[] { 1 }, createdAt), 0, null);

    private static (ICaseStore Store, PendingStore Inner) Over(params PendingMessage[] pending)
    {
        var inner = DispatchProxy.Create<ICaseStore, PendingStore>();
        var fake = (PendingStore)(object)inner;
        fake.Pending = [.. pending];
        return (new RoundOutboxStore(inner), fake);
    }

    [Fact]
    public async Task GetPendingMessagesAsync_NextRoundsMessages_WithheldAndTheirCasesHeldBack()
    {
        var (store, _) = Over(
            Message("a:1:0", "A", Round),
            Message("b:1:0", "B", NextRound),
            Message("a:2:0", "A", Round),
            Message("b:2:0", "B", Round.AddMinutes(-1)),
            Message("c:1:0", "C", Round.AddDays(-1)));

        var pending = await store.GetPendingMessagesAsync(Round, 10);

        Assert.Equal(["a:1:0", "a:2:0", "c:1:0"], pending.Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task GetPendingMessagesAsync_FullReadWithWithheldMessages_AsksForMoreUpToTheLimit()
    {
        var (store, inner) = Over(
            Message("b:1:0", "B", NextRound),
            Message("b:2:0", "B", NextRound),
            Message("a:1:0", "A", Round),
            Message("c:1:0", "C", Round),
            Message("d:1:0", "D", Round));

        var pending = await store.GetPendingMessagesAsync(Round, 2);

        Assert.Equal(["a:1:0", "c:1:0"], pending.Select(p => p.Message.MessageId));
        Assert.Equal([2, 4], inner.Asked);
    }

    [Fact]
    public async Task GetPendingMessagesAsync_EverythingOfTheRound_PassedThrough()
    {
        var (store, inner) = Over(Message("a:1:0", "A", Round), Message("b:1:0", "B", Round));

        var pending = await store.GetPendingMessagesAsync(Round, 4096);

        Assert.Equal(2, pending.Count);
        Assert.Equal([4096], inner.Asked);
    }

    /// <summary>A store that holds only pending messages (in commit order) and answers nothing else.</summary>
    public class PendingStore : DispatchProxy
    {
        public List<PendingMessage> Pending { get; set; } = [];

        public List<int> Asked { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(ICaseStore.GetPendingMessagesAsync)) throw new NotSupportedException(targetMethod?.Name);
            var limit = (int)args![1]!;
            Asked.Add(limit);
            return Task.FromResult<IReadOnlyList<PendingMessage>>([.. Pending.Take(limit)]);
        }
    }
}
