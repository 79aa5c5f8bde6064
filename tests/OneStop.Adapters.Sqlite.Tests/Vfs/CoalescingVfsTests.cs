using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>SQLite connections opened through the coalescing VFS by Microsoft.Data.Sqlite.</summary>
[Collection(VfsTestCollection.Name)]
public sealed class CoalescingVfsTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private static SqliteConnection Open(string dataSource, string pragmas)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        connection.Open();
        SqliteSchema.Execute(connection, pragmas);
        return connection;
    }

    private SqliteConnection OpenWriter(string extra = "") =>
        Open(CoalescingVfs.DataSource(_file.Path), "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;" + extra);

    private SqliteConnection OpenPlain() => Open(_file.Path, "PRAGMA synchronous = FULL;");

    private static string Series(int n) => $"WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < {n})";

    private static unsafe string? VfsName(SqliteVfsNative* vfs) => vfs == null ? null : Marshal.PtrToStringUTF8((nint)vfs->zName);

    [Fact]
    public unsafe void EnsureRegistered_Twice_KeepsOneVfsAndTheDefault()
    {
        var first = CoalescingVfs.EnsureRegistered();
        var second = CoalescingVfs.EnsureRegistered();
        var name = System.Text.Encoding.UTF8.GetBytes(first + "\0");
        SqliteVfsNative* found;
        fixed (byte* n = name) found = SqliteVfsInterop.sqlite3_vfs_find(n);

        Assert.Equal(first, second);
        Assert.Equal(first, VfsName(found));
        Assert.NotEqual(first, VfsName(SqliteVfsInterop.sqlite3_vfs_find(null)));
        // The library P/Invoke reached is the one Microsoft.Data.Sqlite uses.
        Assert.Equal(SQLitePCL.raw.sqlite3_libversion().utf8_to_string(), Marshal.PtrToStringUTF8((nint)SqliteVfsInterop.sqlite3_libversion()));
    }

    [Fact]
    public void Commit_ThroughTheVfs_IsWrittenInFewWritesAndSeenByAnotherConnection()
    {
        using var writer = OpenWriter();
        SqliteSchema.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB); CREATE INDEX t_v ON t (v);");
        var writes = WalBufferIoMethods.Writes;
        var flushes = WalBufferIoMethods.Flushes;

        SqliteSchema.Execute(writer, "BEGIN; " + Series(2000) + " INSERT INTO t (v) SELECT randomblob(100) FROM s; COMMIT;");

        var frameWrites = WalBufferIoMethods.Writes - writes;
        Assert.True(frameWrites > 200, $"{frameWrites} WAL writes");
        // Two writes per frame arrive; they leave in pieces of up to WalBufferIoMethods.MaxWrite bytes.
        var passedOn = WalBufferIoMethods.Flushes - flushes;
        Assert.True(passedOn * 20 < frameWrites, $"{passedOn} writes passed on for {frameWrites}");
        using var reader = OpenPlain();
        Assert.Equal(2000L, SqliteSchema.Scalar(reader, "SELECT count(*) FROM t"));
        Assert.Equal("ok", SqliteSchema.Scalar(reader, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Transaction_LargerThanTheCache_ReadsBackItsSpilledFrames()
    {
        using var writer = OpenWriter("PRAGMA cache_size = 20;");
        SqliteSchema.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB, h INTEGER); CREATE INDEX t_v ON t (v);");
        SqliteSchema.Execute(writer, "BEGIN; " + Series(5000) + " INSERT INTO t (v, h) SELECT randomblob(200), value FROM s;");

        // The cache spilled frames to the WAL before the commit, and the transaction reads them back.
        Assert.True(new FileInfo(_file.Path + "-wal").Length > 0);
        Assert.Equal(5000L * 5001 / 2, SqliteSchema.Scalar(writer, "SELECT sum(h) FROM t"));
        Assert.Equal(5000L, SqliteSchema.Scalar(writer, "SELECT count(*) FROM t INDEXED BY t_v WHERE v IS NOT NULL"));
        SqliteSchema.Execute(writer, "UPDATE t SET h = h + 1; COMMIT;");

        using var reader = OpenPlain();
        Assert.Equal(5000L * 5001 / 2 + 5000, SqliteSchema.Scalar(reader, "SELECT sum(h) FROM t"));
        Assert.Equal("ok", SqliteSchema.Scalar(reader, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Rollback_AfterSpilling_LeavesOnlyCommittedRows()
    {
        using var writer = OpenWriter("PRAGMA cache_size = 20;");
        SqliteSchema.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t (v) VALUES (x'01');");
        SqliteSchema.Execute(writer, "BEGIN; " + Series(3000) + " INSERT INTO t (v) SELECT randomblob(300) FROM s; ROLLBACK;");
        SqliteSchema.Execute(writer, "INSERT INTO t (v) VALUES (x'02');");

        using var reader = OpenPlain();
        Assert.Equal(2L, SqliteSchema.Scalar(reader, "SELECT count(*) FROM t"));
        Assert.Equal("ok", SqliteSchema.Scalar(reader, "PRAGMA integrity_check"));
    }

    [Theory]
    [InlineData("/tmp/a.db", "file:///tmp/a.db?vfs=")]
    [InlineData("//tmp/a.db", "file:////tmp/a.db?vfs=")]
    [InlineData("/tmp/100% #1?.db", "file:///tmp/100%25 %231%3f.db?vfs=")]
    public void DataSource_AbsolutePath_IsAUriWithAnEmptyAuthority(string path, string expected) =>
        Assert.Equal(expected + CoalescingVfs.Name, CoalescingVfs.DataSource(path));

    [Fact]
    public void DataSource_PathWithUriCharacters_OpensThatFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "onestop-sqlite-tests", "vfs 100% #1? 文件");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var writer = Open(CoalescingVfs.DataSource(path), "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (x);"))
                SqliteSchema.Execute(writer, "INSERT INTO t VALUES (42)");
            using var reader = Open(path, "");
            Assert.Equal(42L, SqliteSchema.Scalar(reader, "SELECT x FROM t"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
