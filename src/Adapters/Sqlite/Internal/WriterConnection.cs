using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The writer's connection, opened by the store itself through SQLite's API rather than by the provider, so
/// that it can be opened with <c>SQLITE_OPEN_NOMUTEX</c>: SQLite then gives it no mutex of its own, and its bind, step,
/// reset and column calls skip the lock and unlock that serialized mode takes on each (≈ 3.5 % of the writer thread in
/// the simulator, session 30 round writer31). The process stays in serialized mode (<see cref="SqliteProcessConfig"/>);
/// only this one connection does not. That is safe because one thread at a time uses it: the writer thread, or a caller
/// writing its commit inline while it holds the writer's gate (<see cref="GroupCommitWriter"/>), and the opening and
/// closing thread before the writer starts and after it stopped. The checkpointer, the readers and the audit open
/// connections of their own; every statement on this one is held by the <see cref="WriterSession"/> and disposed with it,
/// so none is ever finalized by the GC's thread while the writer runs.</summary>
internal static class WriterConnection
{
    /// <summary>Opens <paramref name="dataSource"/> (a path, or a <c>file:</c> URI naming the store's VFS) for reading
    /// and writing, without a connection mutex, as the provider opens it otherwise (no key, no cache or extension
    /// options: the store's connection string sets none).</summary>
    /// <exception cref="SqliteException">SQLite could not open it.</exception>
    public static sqlite3 Open(string dataSource)
    {
        var flags = raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_NOMUTEX;
        if (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) flags |= raw.SQLITE_OPEN_URI;
        var rc = raw.sqlite3_open_v2(dataSource, out var db, flags, null);
        if (rc != raw.SQLITE_OK)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
            finally
            {
                db?.Dispose();
            }
        }
        return db;
    }

    /// <summary>Whether <paramref name="db"/> has a mutex of its own (serialized), false when opened without one.</summary>
    public static bool HasMutex(sqlite3 db) => SqliteNative.sqlite3_db_mutex(db.DangerousGetHandle()) != 0;

    /// <summary>Runs one statement to completion on <paramref name="db"/> (a pragma, ROLLBACK).</summary>
    public static void Execute(sqlite3 db, string sql)
    {
        using var statement = new RawStatement(db, sql);
        statement.Execute();
    }

    /// <summary>The first column of the first row <paramref name="sql"/> gives, as the provider's <c>ExecuteScalar</c>
    /// gives it, or null without a row.</summary>
    public static object? Scalar(sqlite3 db, string sql)
    {
        using var statement = new RawStatement(db, sql);
        return statement.ReadFirst(s => s.Value(0), null);
    }
}
