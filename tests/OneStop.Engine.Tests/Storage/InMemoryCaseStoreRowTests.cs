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
}
