using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store keeps an engine snapshot pending (its bytes are written from the log when a reader first
/// asks): readers get exactly the bytes of the engine's case at that version, whenever they read, and bytes once given
/// never change.</summary>
public sealed class PendingSnapshotTests
{
    // Runs a joint case to its close with the clock moving between commands; reads the stored row after every command
    // when asked to (so every pending snapshot is written at once), else never until the end.
    private static async Task<string> RunJointCaseAsync(TestHost host, bool readEachTime)
    {
        var n = await host.SubmitAsync(SomeItems.JointCode, new Dictionary<string, string> { ["area"] = "12.5", ["stage"] = "formal" }, "report");
        async Task<CommandResult> Run(CaseCommand command)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(7));
            var r = await host.Engine.ExecuteAsync(command);
            if (readEachTime) await AssertStoredIsLiveAsync(host, n);
            return r;
        }
        if (readEachTime) await AssertStoredIsLiveAsync(host, n);
        var r = await Run(new Accept(n, "window", host.Key()));
        r = await Run(new ApproveTask(n, "staff", host.Key(), r.OpenTaskIds[0], "同意"));
        foreach (var task in r.OpenTaskIds.ToList()) r = await Run(new ApproveTask(n, "staff", host.Key(), task));
        r = await Run(new ApproveTask(n, "staff", host.Key(), r.OpenTaskIds[0]));
        await Run(new Deliver(n, "window", host.Key(), Fee: 3.5m));
        return n;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);

    // The stored snapshot, when the row's last commit stored one, has the bytes of the engine's case at that version.
    private static async Task AssertStoredIsLiveAsync(TestHost host, string n)
    {
        var row = (await host.Store.GetCaseAsync(n))!;
        Assert.False(row.Snapshot.IsEmpty);
        var live = await host.Engine.CachedSnapshotAsync(n);
        Assert.NotNull(live);
        if (row.SnapshotVersion == row.Version) Assert.Equal(Text(JsonBytes.SerializeSnapshot(live)), Text(row.Snapshot));
    }

    [Theory]
    [InlineData(false, 32)]
    [InlineData(true, 32)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public async Task PendingSnapshots_ReadLateOrAtOnce_AreTheEngineCasesBytes(bool readEachTime, int interval)
    {
        using var host = new TestHost(options: new OneStopOptions { SnapshotInterval = interval });
        var n = await RunJointCaseAsync(host, readEachTime);

        var row = (await host.Store.GetCaseAsync(n))!;
        Assert.Equal((row.Version, nameof(CaseState.Concluded)), (row.SnapshotVersion, row.State));
        await AssertStoredIsLiveAsync(host, n);
        await host.AssertReplayEqualsSnapshotAsync(n);
        // Read again: the same bytes, not written again.
        var again = (await host.Store.GetCaseAsync(n))!;
        Assert.True(row.Snapshot.Span.SequenceEqual(again.Snapshot.Span));
    }

    [Fact]
    public async Task BytesGivenToAReader_NeverChange_WhileTheCaseMovesOn()
    {
        using var host = new TestHost(options: new OneStopOptions { SnapshotInterval = 2 });
        var n = await host.SubmitAsync(SomeItems.JointCode, null, "report");
        var given = new List<(ReadOnlyMemory<byte> Bytes, byte[] Copy)>();
        async Task Read()
        {
            var bytes = (await host.Store.GetCaseAsync(n))!.Snapshot;
            given.Add((bytes, bytes.ToArray()));
        }
        await Read();
        var r = await host.Engine.ExecuteAsync(new Accept(n, "window", host.Key()));
        await Read();
        r = await host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), r.OpenTaskIds[0]));
        foreach (var task in r.OpenTaskIds.ToList())
        {
            r = await host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), task));
            await Read();
        }
        r = await host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), r.OpenTaskIds[0]));
        await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
        await Read();

        foreach (var (bytes, copy) in given) Assert.True(bytes.Span.SequenceEqual(copy));
        Assert.Equal(given.Count, given.Select(g => Convert.ToBase64String(g.Copy)).Distinct().Count());
    }

    [Fact]
    public async Task ALongCaseNobodyReads_IsWrittenPastTheReplayBound_AndReadsAsTheEngineCase()
    {
        using var host = new TestHost(options: new OneStopOptions { SnapshotInterval = 8 });
        var n = await host.SubmitAsync(SomeItems.JointCode, null, "report");
        var r = await host.Engine.ExecuteAsync(new Accept(n, "window", host.Key()));
        var task = r.OpenTaskIds[0];
        // One event per comment: past the bound more than once, with snapshots due every eight events in between.
        var comments = 2 * InMemoryCaseStoreBound + 60;
        for (var i = 0; i < comments; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            r = await host.Engine.ExecuteAsync(new CommentTask(n, "staff", host.Key(), task, "意见" + i));
        }

        var row = (await host.Store.GetCaseAsync(n))!;
        Assert.True(row.Version > 2 * InMemoryCaseStoreBound);
        Assert.InRange(r.Version - row.SnapshotVersion, 0, 7);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    // The store's replay bound (a pending snapshot is written at its commit when it would replay further).
    private const int InMemoryCaseStoreBound = 256;

    [Fact]
    public async Task AnEngineWithoutCache_RestoresEveryCommandFromPendingSnapshots()
    {
        using var host = new TestHost(options: new OneStopOptions { SnapshotInterval = 3, SnapshotCacheSize = 0 });
        var n = await RunJointCaseAsync(host, readEachTime: false);

        var row = (await host.Store.GetCaseAsync(n))!;
        Assert.Equal((row.Version, nameof(CaseState.Concluded)), (row.SnapshotVersion, row.State));
        var stored = await host.Engine.StoredSnapshotAsync(n);
        Assert.Equal(Text(JsonBytes.SerializeSnapshot(stored)), Text(row.Snapshot));
        Assert.Equal(TestHost.Json(await host.Engine.ReplayAsync(n)), TestHost.Json(stored));
    }

    [Fact]
    public async Task Search_MatchesByTheRows_AndGivesThePageTheirSnapshots()
    {
        using var host = new TestHost();
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++) numbers.Add(await host.SubmitAsync(SomeItems.JointCode, null, "report"));

        var page = await host.Store.SearchCasesAsync(new CaseQuery(ItemCode: SomeItems.JointCode, Offset: 1, Limit: 2));
        Assert.Equal(5, page.Total);
        Assert.Equal(2, page.Items.Count);
        foreach (var row in page.Items)
        {
            Assert.Equal(1, row.SnapshotVersion);
            Assert.Equal(Text(JsonBytes.SerializeSnapshot((await host.Engine.CachedSnapshotAsync(row.CaseNumber))!)), Text(row.Snapshot));
        }
    }
}
