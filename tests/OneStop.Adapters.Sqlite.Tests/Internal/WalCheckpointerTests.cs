using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

public sealed class WalCheckpointerTests
{
    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes about <paramref name="pages"/> 1 KB pages to the WAL.</summary>
    private static void Write(SqliteConnection writer, int pages)
    {
        using var tx = writer.BeginTransaction();
        using var command = writer.CreateCommand();
        command.CommandText = "INSERT INTO t (payload) VALUES (randomblob(900))";
        for (var i = 0; i < pages; i++) command.ExecuteNonQuery();
        tx.Commit();
    }

    [Fact]
    public async Task CheckpointOnce_LongWalWithReaderThenWithout_RestartsOnlyWhenReadersAllow()
    {
        using var file = new TempFile();
        using var writer = Open(file.Path);
        Execute(writer, "PRAGMA page_size = 1024");
        Execute(writer, "PRAGMA journal_mode = WAL");
        Execute(writer, "PRAGMA synchronous = OFF");
        Execute(writer, "PRAGMA wal_autocheckpoint = 0");
        Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
        await using var checkpointer = new WalCheckpointer(new SqliteConnectionStringBuilder { DataSource = file.Path, Pooling = false }.ToString(), 0, 5000);

        // A reader holds a snapshot from before the long WAL: PASSIVE cannot copy past it and RESTART must give up.
        using (var reader = Open(file.Path))
        {
            Write(writer, 10);
            using var read = reader.BeginTransaction(deferred: true);
            Execute(reader, "SELECT count(*) FROM t");
            Write(writer, WalCheckpointer.RestartFrames + 1000);

            Assert.True(checkpointer.CheckpointOnce() >= WalCheckpointer.RestartFrames);
            Assert.Equal(0, checkpointer.Restarts);
        }

        // Reader gone: the RESTART goes through and the next commit starts the WAL over.
        Assert.True(checkpointer.CheckpointOnce() >= WalCheckpointer.RestartFrames);
        Assert.Equal(1, checkpointer.Restarts);
        Write(writer, 5);
        var frames = checkpointer.CheckpointOnce();
        Assert.InRange(frames, 1, 100);
        Assert.Equal(1, checkpointer.Restarts);
        Assert.Equal(3, checkpointer.Checkpoints);
    }
}
