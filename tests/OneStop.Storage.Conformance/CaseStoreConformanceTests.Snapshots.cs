using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

/// <summary>Snapshots every n events: a commit carries a snapshot only now and then; one without keeps the stored one.</summary>
public abstract partial class CaseStoreConformanceTests
{
    private static CaseCommit WithoutSnapshot(string caseNumber, long expectedVersion, long snapshotVersion, int events = 1, string? key = null) =>
        Some.Commit(caseNumber, expectedVersion, events, key,
            record: Some.Case(caseNumber, expectedVersion + events, snapshot: "") with { SnapshotVersion = snapshotVersion });

    private static CaseCommit WithSnapshot(string caseNumber, long expectedVersion, int events = 1, string? key = null, DateTimeOffset? due = null) =>
        Some.Commit(caseNumber, expectedVersion, events, key,
            record: Some.Case(caseNumber, expectedVersion + events, due: due, snapshot: $"{{\"v\":{expectedVersion + events}}}"));

    private async Task AssertSnapshotAsync(string caseNumber, long version, string snapshot, long snapshotVersion)
    {
        var c = await Store.GetCaseAsync(caseNumber);
        Assert.NotNull(c);
        Assert.Equal(version, c.Version);
        Assert.Equal(snapshot, Text(c.Snapshot));
        Assert.Equal(snapshotVersion, c.SnapshotVersion);
    }

    [Fact]
    public async Task CommitAsync_WithoutSnapshot_KeepsPreviousSnapshotAndItsVersion()
    {
        await Store.CommitAsync(WithSnapshot("C1", 0, events: 2));
        await AssertSnapshotAsync("C1", 2, "{\"v\":2}", 2);

        await Store.CommitAsync(WithoutSnapshot("C1", 2, snapshotVersion: 2));
        await Store.CommitAsync(WithoutSnapshot("C1", 3, snapshotVersion: 2, events: 2));

        await AssertSnapshotAsync("C1", 5, "{\"v\":2}", 2);
        Assert.Equal([3L, 4L, 5L], (await Store.ReadEventsAsync("C1", 2)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task CommitAsync_NewSnapshotAfterCommitsWithout_ReplacesIt()
    {
        await Store.CommitAsync(WithSnapshot("C1", 0));
        await Store.CommitAsync(WithoutSnapshot("C1", 1, snapshotVersion: 1));
        await Store.CommitAsync(WithSnapshot("C1", 2, events: 3));

        await AssertSnapshotAsync("C1", 5, "{\"v\":5}", 5);
        await Store.CommitAsync(WithoutSnapshot("C1", 5, snapshotVersion: 5));
        await AssertSnapshotAsync("C1", 6, "{\"v\":5}", 5);
    }

    [Fact]
    public async Task CommitAsync_NewCaseWithoutSnapshot_HasNoneUntilOneIsCommitted()
    {
        await Store.CommitAsync(WithoutSnapshot("C1", 0, snapshotVersion: 0, events: 2));
        await AssertSnapshotAsync("C1", 2, "", 0);

        await Store.CommitAsync(WithSnapshot("C1", 2));
        await AssertSnapshotAsync("C1", 3, "{\"v\":3}", 3);
    }

    [Fact]
    public async Task CommitAsync_SnapshotVersion_RoundTripsThroughEveryRead()
    {
        var due = Some.T0.AddDays(3);
        await Store.CommitAsync(WithSnapshot("C1", 0, events: 2, due: due));
        await Store.CommitAsync(Some.Commit("C1", 2, record: Some.Case("C1", 3, due: due, snapshot: "") with { SnapshotVersion = 2 }));

        var fromSearch = Assert.Single((await Store.SearchCasesAsync(new CaseQuery())).Items);
        var fromDue = Assert.Single(await Store.FindDueAsync(due, 10));
        foreach (var c in new[] { fromSearch, fromDue })
        {
            Assert.Equal(3, c.Version);
            Assert.Equal(2, c.SnapshotVersion);
            Assert.Equal("{\"v\":2}", Text(c.Snapshot));
        }
    }

    [Fact]
    public async Task GetCaseRowAsync_AfterCommitsWithAndWithoutSnapshot_IsTheRowWithoutSnapshotBytes()
    {
        var due = Some.T0.AddDays(3);
        Assert.Null(await Store.GetCaseRowAsync("C1"));
        await Store.CommitAsync(WithSnapshot("C1", 0, events: 2, due: due));
        await AssertRowAsync(2);
        await Store.CommitAsync(Some.Commit("C1", 2, record: Some.Case("C1", 3, due: due, snapshot: "") with { SnapshotVersion = 2 }));
        await AssertRowAsync(2);
        Assert.Null(await Store.GetCaseRowAsync("C2"));

        async Task AssertRowAsync(long snapshotVersion)
        {
            var full = await Store.GetCaseAsync("C1");
            var row = await Store.GetCaseRowAsync("C1");
            Assert.NotNull(full);
            Assert.NotNull(row);
            Assert.True(row.Snapshot.IsEmpty);
            Assert.False(full.Snapshot.IsEmpty);
            Assert.Equal(snapshotVersion, row.SnapshotVersion);
            Assert.Equal(full.SnapshotVersion, row.SnapshotVersion);
            Assert.Equal(full.ChainHead.ToArray(), row.ChainHead.ToArray());
            Assert.Equal(full.Metrics, row.Metrics);
            // Every other column is the same as the full read's.
            Assert.Equal((full.CaseNumber, full.ItemCode, full.ItemVersion, full.ContentHash, full.Department, full.Kind, full.State, full.Outcome, full.Applicant),
                (row.CaseNumber, row.ItemCode, row.ItemVersion, row.ContentHash, row.Department, row.Kind, row.State, row.Outcome, row.Applicant));
            Assert.Equal((full.Version, full.SubmittedAt, full.UpdatedAt, full.ConcludedAt, full.EarliestDue), (row.Version, row.SubmittedAt, row.UpdatedAt, row.ConcludedAt, row.EarliestDue));
        }
    }

    [Fact]
    public async Task CommitAsync_WithoutSnapshotAtStaleVersion_ThrowsConcurrencyAndKeepsEverything()
    {
        await Store.CommitAsync(WithSnapshot("C1", 0, events: 2));
        await Store.CommitAsync(WithoutSnapshot("C1", 2, snapshotVersion: 2));

        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(WithoutSnapshot("C1", 2, snapshotVersion: 2, key: "stale")));
        Assert.Equal(3, stale.ActualVersion);
        // A stale commit that carries a snapshot must not replace the stored one either.
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(WithSnapshot("C1", 1, key: "stale-2")));

        await AssertSnapshotAsync("C1", 3, "{\"v\":2}", 2);
        Assert.Null(await Store.GetCommandAsync("stale"));
        Assert.Null(await Store.GetCommandAsync("stale-2"));
    }

    [Fact]
    public async Task CommitAsync_RefusedCommitCarryingSnapshot_LeavesStoredSnapshot()
    {
        await Store.CommitAsync(WithSnapshot("C1", 0, events: 2, key: "used"));

        await Assert.ThrowsAsync<DuplicateCommandException>(() => Store.CommitAsync(WithSnapshot("C1", 2, key: "used")));

        await AssertSnapshotAsync("C1", 2, "{\"v\":2}", 2);
    }

    [Fact]
    public async Task CommitAsync_SnapshotNotAtTheNewVersion_ThrowsArgumentExceptionAndWritesNothing()
    {
        await Store.CommitAsync(WithSnapshot("C1", 0));

        var behind = Some.Commit("C1", 1, events: 2, key: "behind", record: Some.Case("C1", 3, snapshot: "{\"v\":2}") with { SnapshotVersion = 2 });
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(behind));
        // Without a snapshot the commit cannot claim one newer than the version it started from.
        var claimed = WithoutSnapshot("C1", 1, snapshotVersion: 2, key: "claimed");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(claimed));

        await AssertSnapshotAsync("C1", 1, "{\"v\":1}", 1);
        Assert.Null(await Store.GetCommandAsync("behind"));
        Assert.Null(await Store.GetCommandAsync("claimed"));
    }
}
