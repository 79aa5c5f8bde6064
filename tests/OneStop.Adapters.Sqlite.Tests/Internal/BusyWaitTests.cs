using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The busy handler of the writer and the checkpointer: short steps, the configured limit, and the lock taken
/// as soon as it is free.</summary>
public sealed class BusyWaitTests
{
    private const int Busy = 5;

    [Fact]
    public void NextSleep_Schedule_ShortStepsGrowingWithTheWaitAndNeverPastTheLimit()
    {
        Assert.Equal(50, BusyWait.NextSleep(0, 5_000_000));
        Assert.Equal(100, BusyWait.NextSleep(1_600, 5_000_000));
        Assert.Equal(1_000, BusyWait.NextSleep(100_000, 5_000_000));
        Assert.Equal(10, BusyWait.NextSleep(4_999_990, 5_000_000));
        Assert.Equal(0, BusyWait.NextSleep(5_000_000, 5_000_000));
        Assert.Equal(0, BusyWait.NextSleep(5_000_001, 5_000_000));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(2_000)]
    [InlineData(20_000)]
    [InlineData(60_000)]
    public void NextSleep_LockFreedAt_SeenWithinASixteenthOfTheWait(int freedAtMicroseconds)
    {
        // SQLite's busy_timeout polls at 1, 3, 8, 18, 33, 53 … ms: a lock freed at 20 ms is seen at 33 ms.
        long waited = 0;
        var polls = 0;
        while (waited < freedAtMicroseconds)
        {
            waited += BusyWait.NextSleep(waited, 5_000_000);
            polls++;
        }

        Assert.InRange(waited, freedAtMicroseconds, freedAtMicroseconds + Math.Max(50, freedAtMicroseconds / 16));
        // Bounded wake-ups: a sixteenth of the wait, past the first 800 µs, grows geometrically up to 1 ms steps.
        Assert.InRange(polls, 1, 80 + freedAtMicroseconds / 1_000);
    }

    [Fact]
    public void Begin_LockHeldThroughout_WaitsInShortStepsThenGivesUpAtTheLimit()
    {
        using var file = new TempFile();
        using var holder = Open(file.Path);
        using var waiter = Open(file.Path);
        SqliteSchema.Execute(holder, "BEGIN IMMEDIATE");
        BusyWait.Install(waiter.Handle!, 200);
        using var begin = new RawStatement(waiter, "BEGIN IMMEDIATE");
        var calls = BusyWait.Calls;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<SqliteException>(() => begin.Execute());

        Assert.Equal(Busy, ex.SqliteErrorCode);
        // It waited the whole limit (the handler counts only time it really waited) and gave up soon after.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        // SQLite's own handler would have tried 11 times in 200 ms; this one polls every 50 µs to 1 ms (hundreds of
        // tries on an idle machine). The bound is SQLite's count, not the idle figure: under load every sleep overruns,
        // and a bound of 50 failed there.
        Assert.True(BusyWait.Calls - calls > 11, $"{BusyWait.Calls - calls} tries in 200 ms");
        SqliteSchema.Execute(holder, "ROLLBACK");
    }

    [Fact]
    public void Begin_HandlerOff_FailsWithoutWaiting()
    {
        using var file = new TempFile();
        using var holder = Open(file.Path);
        using var waiter = Open(file.Path);
        SqliteSchema.Execute(holder, "BEGIN IMMEDIATE");
        BusyWait.Install(waiter.Handle!, 60_000);
        BusyWait.Off(waiter.Handle!);
        using var begin = new RawStatement(waiter, "BEGIN IMMEDIATE");

        var ex = Assert.Throws<SqliteException>(() => begin.Execute());

        Assert.Equal(Busy, ex.SqliteErrorCode);
        SqliteSchema.Execute(holder, "ROLLBACK");
    }

    [Fact]
    public async Task Begin_LockReleasedWhileWaiting_Succeeds()
    {
        using var file = new TempFile();
        using var holder = Open(file.Path);
        using var waiter = Open(file.Path);
        SqliteSchema.Execute(holder, "CREATE TABLE t (v INTEGER)");
        SqliteSchema.Execute(holder, "BEGIN IMMEDIATE");
        BusyWait.Install(waiter.Handle!, 60_000);
        var calls = BusyWait.Calls;

        var waiting = Task.Factory.StartNew(() =>
        {
            using var begin = new RawStatement(waiter, "BEGIN IMMEDIATE");
            begin.Execute();
            SqliteSchema.Execute(waiter, "INSERT INTO t (v) VALUES (1)");
            SqliteSchema.Execute(waiter, "COMMIT");
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // The waiter is in the handler (it has been called) before the lock goes.
        Assert.True(SpinWait.SpinUntil(() => BusyWait.Calls > calls, TimeSpan.FromSeconds(30)));
        Assert.False(waiting.IsCompleted);
        SqliteSchema.Execute(holder, "COMMIT");

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1L, SqliteSchema.Scalar(holder, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Store_OutsideLockReleased_WriterWaitedInTheHandlerAndCommits()
    {
        using var file = new TempFile();
        await using var store = SqliteCaseStore.Open(file.Path, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMinutes(1) });
        await store.CommitAsync(Some.Commit("A", 0));
        using var outside = file.Connect();
        SqliteSchema.Execute(outside, "BEGIN IMMEDIATE");
        var calls = BusyWait.Calls;

        var commit = store.CommitAsync(Some.Commit("A", 1));
        // The writer's BEGIN waits in this handler (SQLite's own would not count).
        Assert.True(SpinWait.SpinUntil(() => BusyWait.Calls > calls, TimeSpan.FromSeconds(30)));
        Assert.False(commit.IsCompleted);
        SqliteSchema.Execute(outside, "ROLLBACK");

        await commit.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await store.GetCaseAsync("A"))!.Version);
    }

    [Fact]
    public async Task Restart_ReaderHoldsSnapshot_PolledInShortStepsUntilItsLimit()
    {
        using var file = new TempFile();
        using var writer = Open(file.Path);
        SqliteSchema.Execute(writer, "PRAGMA synchronous = OFF");
        SqliteSchema.Execute(writer, "PRAGMA wal_autocheckpoint = 0");
        SqliteSchema.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
        await using var checkpointer = new WalCheckpointer(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString(), 0, 60_000);
        using var reader = Open(file.Path);
        SqliteSchema.Execute(writer, "INSERT INTO t (payload) VALUES (randomblob(900))");
        using var read = reader.BeginTransaction(deferred: true);
        SqliteSchema.Scalar(reader, "SELECT count(*) FROM t");
        SqliteSchema.Execute(writer, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {WalCheckpointer.RestartFrames + 1000}) " +
            "INSERT INTO t (payload) SELECT randomblob(900) FROM n");
        var calls = BusyWait.Calls;

        // The reader keeps the RESTART from finishing: it waits its own short limit (not the store's minute), polling.
        Assert.True(checkpointer.CheckpointOnce() >= WalCheckpointer.RestartFrames);

        Assert.Equal(0, checkpointer.Restarts);
        // SQLite's own handler would have tried 6 times in 50 ms (the bound, as above: sleeps overrun under load).
        Assert.True(BusyWait.Calls - calls > 6, $"{BusyWait.Calls - calls} tries");
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        // Before WAL mode, which keeps the page size: 1 KB pages as the store's (a frame per page).
        SqliteSchema.Execute(connection, "PRAGMA page_size = 1024");
        // As the store's file: readers and the writer's lock apart.
        SqliteSchema.Execute(connection, "PRAGMA journal_mode = WAL");
        return connection;
    }
}
