using System.Globalization;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The case rows the writer committed last serve <see cref="ICaseStore.GetCaseRowAsync"/> without a SQLite
/// read, exactly as the file would, and never once anything else has been committed to the file.</summary>
public sealed class CommittedRowsTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private List<string> CaseNumbers() => _file.Texts("SELECT case_number FROM cases ORDER BY case_number");

    private void Execute(string sql)
    {
        using var connection = _file.Connect();
        SqliteSchema.Execute(connection, sql);
    }

    /// <summary>Every column a read returns, instants with their offsets, so that two rows compare exactly.</summary>
    private static string Describe(CaseRecord r)
    {
        static string At(DateTimeOffset? at) => at?.ToString("O", CultureInfo.InvariantCulture) ?? "-";
        var m = r.Metrics;
        var metrics = m is null ? "-" : $"{At(m.AcceptedAt)} {At(m.DueAt)} {m.LimitMinutes} {At(m.FinishedAt)} {m.Result} {m.WorkingMinutes} {m.OnTime} {m.Early}";
        return $"{r.CaseNumber} {r.ItemCode} {r.ItemVersion} {r.ContentHash} {r.Department} {r.Kind} {r.State} {r.Outcome} {r.Applicant} v{r.Version} " +
            $"{At(r.SubmittedAt)} {At(r.UpdatedAt)} {At(r.ConcludedAt)} {At(r.EarliestDue)} snapshot {r.Snapshot.Length}@{r.SnapshotVersion} " +
            $"head {Convert.ToHexString(r.ChainHead.Span)} metrics {metrics}";
    }

    [Fact]
    public async Task GetCaseRow_AfterEngineCommands_IsServedFromMemoryExactlyAsTheFileHasIt()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var host = new EngineOnFile(store, configure: o => o.SnapshotInterval = 3);
        // Concluded, late, open, rejected and evaluated cases: metrics, outcomes, due instants, snapshots both current
        // and behind the row.
        await host.PopulateAsync();
        var numbers = CaseNumbers();
        Assert.Equal(6, numbers.Count);

        await using var other = SqliteCaseStore.Open(_file.Path);
        var hits = store.Writer.Rows.Hits;
        foreach (var n in numbers)
        {
            var fromMemory = (await store.GetCaseRowAsync(n))!;
            var fromFile = (await other.GetCaseRowAsync(n))!;
            Assert.Equal(Describe(fromFile), Describe(fromMemory));
        }
        Assert.Equal(numbers.Count, store.Writer.Rows.Hits - hits);
        // The other store committed nothing, so it has no rows of its own to serve.
        Assert.Equal(0, other.Writer.Rows.Hits);
    }

    [Fact]
    public async Task GetCaseRow_AfterAnotherConnectionCommitted_ReadsTheFile()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var host = new EngineOnFile(store);
        var n = await host.AcceptedAsync();
        Assert.Equal("张三", (await store.GetCaseRowAsync(n))!.Applicant);
        var hits = store.Writer.Rows.Hits;

        Execute($"UPDATE cases SET applicant = '王五' WHERE case_number = '{n}'");

        Assert.Equal("王五", (await store.GetCaseRowAsync(n))!.Applicant);
        Assert.Equal(hits, store.Writer.Rows.Hits);
    }

    [Fact]
    public async Task GetCaseRow_AnotherCommitThenOwnCommitOnAnotherCase_NeverServesTheStaleRow()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var host = new EngineOnFile(store);
        var a = await host.AcceptedAsync();
        var b = await host.AcceptedAsync();

        Execute($"UPDATE cases SET applicant = '王五' WHERE case_number = '{a}'");
        // The writer's own next commit publishes a new header; the row of a, remembered before the other commit, must
        // not come back with it.
        await host.DecideAsync(b);

        Assert.Equal("王五", (await store.GetCaseRowAsync(a))!.Applicant);
        var bRow = (await store.GetCaseRowAsync(b))!;
        Assert.Equal("Decided", bRow.State);
    }

    [Fact]
    public async Task GetCaseRow_AfterARefusedCommit_StillGivesTheCommittedRow()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var host = new EngineOnFile(store);
        var n = await host.AcceptedAsync();
        var task = (await host.Engine.GetCaseAsync(n))!.OpenTasks.Single().TaskId;
        await host.Engine.ExecuteAsync(new CommentTask(n, "staff", "same-key", task, "请补充说明"));
        var row = (await store.GetCaseRowAsync(n))!;
        var batches = store.Writer.BatchCount;

        // The repeat reaches the store, which refuses the key and rolls its transaction back.
        var repeat = await host.Engine.ExecuteAsync(new CommentTask(n, "staff", "same-key", task, "请补充说明"));
        Assert.True(repeat.Repeated);
        Assert.Equal(batches + 1, store.Writer.BatchCount);

        var hits = store.Writer.Rows.Hits;
        var after = (await store.GetCaseRowAsync(n))!;
        Assert.Equal(Describe(row), Describe(after));
        Assert.Equal(hits + 1, store.Writer.Rows.Hits);
    }

    [Fact]
    public async Task GetCaseRow_CaseWrittenBeforeTheStoreOpened_IsReadBackByItsNextCommitThenServed()
    {
        string n;
        await using (var first = SqliteCaseStore.Open(_file.Path))
        using (var host = new EngineOnFile(first, configure: o => o.SnapshotInterval = 1000))
        {
            n = await host.AcceptedAsync();
        }

        await using var store = SqliteCaseStore.Open(_file.Path);
        using var again = new EngineOnFile(store, start: new DateTimeOffset(2025, 9, 23, 1, 0, 0, TimeSpan.Zero));
        // The writer never wrote this case: its first commit reads the row back inside its transaction.
        await again.DecideAsync(n);
        var hits = store.Writer.Rows.Hits;
        var fromMemory = (await store.GetCaseRowAsync(n))!;
        Assert.Equal(hits + 1, store.Writer.Rows.Hits);

        await using var other = SqliteCaseStore.Open(_file.Path);
        Assert.Equal(Describe((await other.GetCaseRowAsync(n))!), Describe(fromMemory));
        Assert.Equal("Decided", fromMemory.State);
    }

    [Fact]
    public async Task GetCaseRow_WithoutTheWalIndex_ReadsTheFile()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var host = new EngineOnFile(store);
        var n = await host.AcceptedAsync();
        using var rows = new CommittedRows(header: null);

        Assert.False(rows.TryGet(n, out _));
        rows.Began();
        rows.Committing();
        rows.Committed([n], [(await store.GetCaseRowAsync(n))!]);
        Assert.False(rows.TryGet(n, out _));
    }
}
