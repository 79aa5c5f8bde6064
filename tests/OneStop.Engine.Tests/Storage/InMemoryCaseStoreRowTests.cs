using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>What the in-memory store does beyond the conformance suite: it keeps committed rows as given (no copy per
/// commit or read), one table of message ids, and updates the task index in place.</summary>
public sealed class InMemoryCaseStoreRowTests
{
    [Fact]
    public async Task GetCaseRow_CommitWithoutSnapshot_IsTheCommittedRowWithTheStoredSnapshotVersion()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("A", 0, record: Some.Case("A", 1, snapshot: "{\"v\":1}")));
        var row = Some.Case("A", 2, snapshot: "") with { SnapshotVersion = 1 };
        await store.CommitAsync(Some.Commit("A", 1, record: row));

        Assert.Same(row, store.GetCaseRow("A"));
        Assert.Same(row, await store.GetCaseRowAsync("A"));
        Assert.Same(await store.GetCaseRowAsync("A"), await store.GetCaseRowAsync("A"));
        var full = (await store.GetCaseAsync("A"))!;
        Assert.Equal((2L, 1L, "{\"v\":1}"), (full.Version, full.SnapshotVersion, System.Text.Encoding.UTF8.GetString(full.Snapshot.Span)));
        Assert.Same(full, await store.GetCaseAsync("A"));
    }

    [Fact]
    public async Task GetCaseRow_CommitWithSnapshot_HasNoSnapshotBytesButItsVersion()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("A", 0, record: Some.Case("A", 1, snapshot: "{\"v\":1}")));
        var row = Some.Case("A", 3, snapshot: "{\"v\":3}");
        await store.CommitAsync(Some.Commit("A", 1, events: 2, record: row));

        var read = (await store.GetCaseRowAsync("A"))!;
        Assert.True(read.Snapshot.IsEmpty);
        Assert.Equal((3L, 3L), (read.Version, read.SnapshotVersion));
        Assert.Same(row, await store.GetCaseAsync("A"));
        // The engine's own read takes the committed row as is, snapshot bytes and all.
        Assert.Same(row, store.GetCaseRow("A"));
        Assert.Null(store.GetCaseRow("B"));
        Assert.Null(await store.GetCaseRowAsync("B"));
    }

    [Fact]
    public async Task Commit_MessageIdDeliveredBefore_IsRefusedAndFailureCallsIgnoreIt()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("m1", "A")]));
        await store.MarkDeliveredAsync(["m1"]);

        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(Some.Commit("A", 1, outbox: [Some.Message("m1", "A")])));
        await store.MarkFailedAsync("m1", Some.T0, "late failure report", dead: true);
        Assert.False(await store.RetryDeadMessageAsync("m1"));
        Assert.Empty(await store.ListDeadMessagesAsync(10));
        Assert.Empty(await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
        await store.MarkDeliveredAsync(["m1"]);
        Assert.Equal(1, store.GetCaseRow("A")!.Version);
    }

    [Fact]
    public async Task Commit_OneOfTwoTasksCloses_IndexKeepsTheOtherWithItsNewRow()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("A", 0, tasks: [Some.Task("t1", "A"), Some.Task("t2", "A")]));
        var moved = Some.Task("t2", "A", assignee: "乙");

        await store.CommitAsync(Some.Commit("A", 1, tasks: [moved]));

        var page = await store.ListTasksAsync(new TaskQuery("乙", ["edu.licensing"], []));
        Assert.Same(moved, Assert.Single(page.Items));
        await store.CommitAsync(Some.Commit("A", 2, tasks: [Some.Task("t1", "A")]));
        Assert.Equal("t1", Assert.Single((await store.ListTasksAsync(new TaskQuery("乙", ["edu.licensing"], []))).Items).TaskId);
    }

    [Fact]
    public async Task Outbox_ThousandsOfMessagesDeliveredOutOfOrder_KeepsCommitOrderAcrossChunks()
    {
        var store = new InMemoryCaseStore();
        const int Commits = 30, PerCommit = 100;
        for (var c = 0; c < Commits; c++)
        {
            var outbox = Enumerable.Range(0, PerCommit).Select(i => Some.Message($"m{c * PerCommit + i}", "C" + (c % 3))).ToList();
            await store.CommitAsync(Some.Commit("C" + (c % 3), c / 3, outbox: outbox));
        }
        // Every other message of the first 2 500, backwards, then the rest of them: the start moves past two chunks.
        await store.MarkDeliveredAsync(Enumerable.Range(0, 2500).Where(i => i % 2 == 1).Reverse().Select(i => $"m{i}").ToList());
        Assert.Equal(["m0", "m2", "m4"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 3)).Select(p => p.Message.MessageId));
        await store.MarkDeliveredAsync(Enumerable.Range(0, 2500).Where(i => i % 2 == 0).Select(i => $"m{i}").ToList());
        await store.MarkFailedAsync("m2600", Some.T0.AddHours(1), "down", dead: true);

        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000);
        // m2600's case (C2: commit 26) is held back from m2600 on; the other cases' messages flow in commit order.
        var expected = Enumerable.Range(2500, 500).Where(i => i < 2600 || (i / PerCommit) % 3 != 2).Select(i => $"m{i}");
        Assert.Equal(expected, pending.Select(p => p.Message.MessageId));
        var dead = Assert.Single(await store.ListDeadMessagesAsync(10));
        Assert.Equal(("m2600", 1, "down"), (dead.Message.MessageId, dead.Attempts, dead.LastError));
        Assert.True(await store.RetryDeadMessageAsync("m2600"));
        Assert.Equal(500, (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000)).Count);
        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(Some.Commit("C0", 10, outbox: [Some.Message("m7", "C0")])));
        await store.CommitAsync(Some.Commit("C0", 10, outbox: [Some.Message("m3000", "C0")]));
        Assert.Equal("m3000", (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000))[^1].Message.MessageId);
    }
}
