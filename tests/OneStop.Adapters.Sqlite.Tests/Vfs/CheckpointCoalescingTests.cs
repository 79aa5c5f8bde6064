using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>Checkpoints of connections opened through the coalescing VFS by Microsoft.Data.Sqlite, against the same work
/// on plain connections: the database file must come out byte for byte the same.</summary>
[Collection(VfsTestCollection.Name)]
public sealed class CheckpointCoalescingTests : IDisposable
{
    private readonly TempFile _shimmed = new();
    private readonly TempFile _plain = new();

    public void Dispose()
    {
        _shimmed.Dispose();
        _plain.Dispose();
    }

    private static SqliteConnection Open(string dataSource)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        connection.Open();
        SqliteSchema.Execute(connection, "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;");
        return connection;
    }

    /// <summary>A writer, a checkpointer and a reader on <paramref name="path"/>, through the VFS or not.</summary>
    private sealed class Store : IDisposable
    {
        public Store(string path, bool shim)
        {
            var source = shim ? CoalescingVfs.DataSource(path) : path;
            Writer = Open(source);
            SqliteSchema.Execute(Writer, "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL;");
            SqliteSchema.Execute(Writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v BLOB); CREATE INDEX t_k ON t (k);");
            Checkpointer = Open(source);
            Reader = Open(path);
        }

        public SqliteConnection Writer { get; }
        public SqliteConnection Checkpointer { get; }
        public SqliteConnection Reader { get; }

        public void Dispose()
        {
            Reader.Dispose();
            Checkpointer.Dispose();
            // The last connection checkpoints the whole WAL and deletes it.
            Writer.Dispose();
        }
    }

    /// <summary>Deterministic rows: inserts in runs (new pages at the end of the file), updates and deletes spread over
    /// the table and its index (pages all over it), a checkpoint after each round.</summary>
    private static void Work(Store store, int rounds, Action<Store, int>? between = null)
    {
        for (var round = 0; round < rounds; round++)
        {
            SqliteSchema.Execute(store.Writer, $"""
                BEGIN;
                WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 400)
                INSERT INTO t (k, v) SELECT printf('%08d', (i * 7919 + {round} * 104729) % 1000003), zeroblob(60 + i % 90) FROM s;
                UPDATE t SET v = zeroblob(30 + (id + {round}) % 200) WHERE id % 13 = {round % 13};
                DELETE FROM t WHERE id % 97 = {round % 97};
                COMMIT;
                """);
            between?.Invoke(store, round);
            SqliteSchema.Execute(store.Checkpointer, "PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    [Fact]
    public void Checkpoints_ThroughTheVfs_LeaveTheSameFileAsPlainOnes_InFewerWrites()
    {
        var pageWrites = DatabaseIoMethods.PageWrites;
        var passedOn = DatabaseIoMethods.PassedOn;
        var checkpoints = DatabaseIoMethods.Checkpoints;
        var lateRuns = DatabaseIoMethods.LateRuns;
        var walMaps = DatabaseIoMethods.WalMaps;
        using (var store = new Store(_shimmed.Path, shim: true)) Work(store, 12);
        var written = DatabaseIoMethods.PageWrites - pageWrites;
        var passed = DatabaseIoMethods.PassedOn - passedOn;
        using (var store = new Store(_plain.Path, shim: false)) Work(store, 12);

        Assert.Equal(_plain.ReadAll(), _shimmed.ReadAll());
        Assert.True(DatabaseIoMethods.Checkpoints - checkpoints >= 12, $"{DatabaseIoMethods.Checkpoints - checkpoints} checkpoints");
        Assert.True(passed * 2 < written, $"{passed} writes passed on for {written} page writes");
        Assert.Equal(lateRuns, DatabaseIoMethods.LateRuns);
        Assert.True(DatabaseIoMethods.WalMaps - walMaps >= 12, $"{DatabaseIoMethods.WalMaps - walMaps} WAL maps");
        using var reopened = Open(CoalescingVfs.DataSource(_shimmed.Path));
        Assert.Equal("ok", SqliteSchema.Scalar(reopened, "PRAGMA integrity_check"));
        Assert.True((long)SqliteSchema.Scalar(reopened, "SELECT count(*) FROM t")! > 4000);
    }

    [Fact]
    public void Checkpoints_WhileAReaderHoldsAnOlderSnapshot_CopyPartlyAndLeaveTheSameFile()
    {
        var lateRuns = DatabaseIoMethods.LateRuns;
        var checkpoints = DatabaseIoMethods.Checkpoints;
        // Every other round a reader keeps the snapshot of the commit before the last one, so the checkpoint may copy
        // only up to it (mxSafeFrame before the end of the WAL); its pages written since are skipped.
        void HoldSnapshot(Store store, int round)
        {
            if (round % 2 == 1) SqliteSchema.Execute(store.Reader, "COMMIT");
            else
            {
                SqliteSchema.Execute(store.Reader, "BEGIN; SELECT count(*) FROM t;");
                SqliteSchema.Execute(store.Writer, $"UPDATE t SET k = k || 'x' WHERE id % 31 = {round % 31}");
            }
        }
        using (var store = new Store(_shimmed.Path, shim: true)) Work(store, 10, HoldSnapshot);
        using (var store = new Store(_plain.Path, shim: false)) Work(store, 10, HoldSnapshot);

        Assert.Equal(_plain.ReadAll(), _shimmed.ReadAll());
        Assert.True(DatabaseIoMethods.Checkpoints - checkpoints >= 10, $"{DatabaseIoMethods.Checkpoints - checkpoints} checkpoints");
        Assert.Equal(lateRuns, DatabaseIoMethods.LateRuns);
        using var reopened = Open(CoalescingVfs.DataSource(_shimmed.Path));
        Assert.Equal("ok", SqliteSchema.Scalar(reopened, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Checkpoint_WhenTheHighestPageChangedAfterAReadersSnapshot_WritesItsLastPageAtOnce()
    {
        var lateRuns = DatabaseIoMethods.LateRuns;
        var pageWrites = DatabaseIoMethods.PageWrites;
        var passedOn = DatabaseIoMethods.PassedOn;
        // Rows appended to a table without an index and nothing deleted: the table's last leaf is the file's last page.
        // A reader keeps the snapshot after each round's inserts; the writer then changes the last row (that page) again,
        // so the checkpoint copies up to the reader's snapshot and skips the last page: the last page it writes is an
        // earlier one, which must leave at once.
        void Rounds(string path, bool shim)
        {
            var source = shim ? CoalescingVfs.DataSource(path) : path;
            using var writer = Open(source);
            SqliteSchema.Execute(writer, "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL; CREATE TABLE a (id INTEGER PRIMARY KEY, v BLOB);");
            using var checkpointer = Open(source);
            using var reader = Open(path);
            for (var round = 0; round < 8; round++)
            {
                SqliteSchema.Execute(writer, "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) INSERT INTO a (v) SELECT zeroblob(50 + i % 40) FROM s;");
                SqliteSchema.Execute(reader, "BEGIN; SELECT count(*) FROM a;");
                SqliteSchema.Execute(writer, $"UPDATE a SET v = zeroblob(40 + {round}) WHERE id = (SELECT max(id) FROM a)");
                SqliteSchema.Execute(checkpointer, "PRAGMA wal_checkpoint(PASSIVE)");
                SqliteSchema.Execute(reader, "COMMIT");
            }
        }
        Rounds(_shimmed.Path, shim: true);
        var written = DatabaseIoMethods.PageWrites - pageWrites;
        var passed = DatabaseIoMethods.PassedOn - passedOn;
        Rounds(_plain.Path, shim: false);

        Assert.Equal(_plain.ReadAll(), _shimmed.ReadAll());
        Assert.Equal(lateRuns, DatabaseIoMethods.LateRuns);
        Assert.True(passed * 2 < written, $"{passed} writes passed on for {written} page writes");
    }
}
