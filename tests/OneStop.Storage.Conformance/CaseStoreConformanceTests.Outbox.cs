using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

public abstract partial class CaseStoreConformanceTests
{
    private static readonly DateTimeOffset Later = Some.T0.AddDays(1);

    private async Task<string[]> PendingIds(DateTimeOffset now, int limit = 100) =>
        (await Store.GetPendingMessagesAsync(now, limit)).Select(p => p.Message.MessageId).ToArray();

    [Fact]
    public async Task GetPendingMessagesAsync_SeveralCommits_ReturnsCommitOrderWithPayload()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A"), Some.Message("a2", "A")]));
        await Store.CommitAsync(Some.Commit("B", 0, outbox: [Some.Message("b1", "B")]));
        await Store.CommitAsync(Some.Commit("A", 1, outbox: [Some.Message("a3", "A", "decision")]));

        var pending = await Store.GetPendingMessagesAsync(Later, 100);
        Assert.Equal(["a1", "a2", "b1", "a3"], pending.Select(p => p.Message.MessageId));
        var a3 = pending[3];
        Assert.Equal("decision", a3.Message.Type);
        Assert.Equal("notification", a3.Message.Channel);
        Assert.Equal("{\"id\":\"a3\"}", Text(a3.Message.Payload));
        Assert.Equal(Some.T0, a3.Message.CreatedAt);
        Assert.Equal(0, a3.Attempts);
        Assert.Null(a3.LastError);
        Assert.Equal(["a1", "a2"], await PendingIds(Later, 2));
    }

    [Fact]
    public async Task MarkDeliveredAsync_Delivered_IsNotReturnedAgain()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A"), Some.Message("a2", "A")]));

        await Store.MarkDeliveredAsync(["a1"]);

        Assert.Equal(["a2"], await PendingIds(Later));
        await Store.MarkDeliveredAsync(["a2", "unknown"]);
        Assert.Empty(await PendingIds(Later));
    }

    [Fact]
    public async Task MarkFailedAsync_BackingOff_HoldsBackLaterMessagesOfItsCaseOnly()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A"), Some.Message("a2", "A")]));
        await Store.CommitAsync(Some.Commit("B", 0, outbox: [Some.Message("b1", "B")]));

        await Store.MarkFailedAsync("a1", Some.T0.AddMinutes(10), "sink down", dead: false);

        Assert.Equal(["b1"], await PendingIds(Some.T0.AddMinutes(9)));
        var due = await Store.GetPendingMessagesAsync(Some.T0.AddMinutes(10), 100);
        Assert.Equal(["a1", "a2", "b1"], due.Select(p => p.Message.MessageId));
        Assert.Equal(1, due[0].Attempts);
        Assert.Equal("sink down", due[0].LastError);

        await Store.MarkFailedAsync("a1", Some.T0.AddMinutes(30), "still down", dead: false);
        var again = (await Store.GetPendingMessagesAsync(Some.T0.AddMinutes(30), 100))[0];
        Assert.Equal(2, again.Attempts);
        Assert.Equal("still down", again.LastError);
    }

    [Fact]
    public async Task MarkFailedAsync_Dead_ListedAsDeadAndHoldsBackItsCase()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A"), Some.Message("a2", "A")]));
        await Store.CommitAsync(Some.Commit("B", 0, outbox: [Some.Message("b1", "B")]));

        await Store.MarkFailedAsync("a1", Some.T0, "rejected by sink", dead: true);

        Assert.Equal(["b1"], await PendingIds(DateTimeOffset.MaxValue));
        var dead = Assert.Single(await Store.ListDeadMessagesAsync(10));
        Assert.Equal("a1", dead.Message.MessageId);
        Assert.Equal(1, dead.Attempts);
        Assert.Equal("rejected by sink", dead.LastError);
    }

    [Fact]
    public async Task RetryDeadMessageAsync_Dead_RequeuesWithAttemptsReset()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A"), Some.Message("a2", "A")]));
        await Store.MarkFailedAsync("a1", Some.T0, "boom", dead: false);
        await Store.MarkFailedAsync("a1", Later.AddDays(5), "boom", dead: true);

        Assert.True(await Store.RetryDeadMessageAsync("a1"));

        Assert.Empty(await Store.ListDeadMessagesAsync(10));
        var pending = await Store.GetPendingMessagesAsync(Some.T0, 10);
        Assert.Equal(["a1", "a2"], pending.Select(p => p.Message.MessageId));
        Assert.Equal(0, pending[0].Attempts);
    }

    [Fact]
    public async Task RetryDeadMessageAsync_UnknownOrNotDead_ReturnsFalse()
    {
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a1", "A")]));
        Assert.False(await Store.RetryDeadMessageAsync("a1"));
        Assert.False(await Store.RetryDeadMessageAsync("nope"));
        await Store.MarkDeliveredAsync(["a1"]);
        Assert.False(await Store.RetryDeadMessageAsync("a1"));
    }

    [Fact]
    public async Task GetPendingMessagesAsync_FailedCommit_LeavesNoMessage()
    {
        await Store.CommitAsync(Some.Commit("A", 0));
        await Assert.ThrowsAsync<Engine.ConcurrencyException>(
            () => Store.CommitAsync(Some.Commit("A", 0, key: "x", outbox: [Some.Message("ghost", "A")])));

        Assert.Empty(await PendingIds(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task GetPendingMessagesAsync_ManyCases_KeepsOrderPerCase()
    {
        for (var round = 0; round < 4; round++)
            for (var c = 0; c < 5; c++)
                await Store.CommitAsync(Some.Commit("C" + c, round, outbox: [Some.Message($"C{c}-{round}", "C" + c)]));

        var all = await Store.GetPendingMessagesAsync(Later, 1000);
        Assert.Equal(20, all.Count);
        foreach (var group in all.GroupBy(p => p.Message.CaseNumber))
            Assert.Equal(Enumerable.Range(0, 4).Select(r => $"{group.Key}-{r}"), group.Select(p => p.Message.MessageId));
    }
}
