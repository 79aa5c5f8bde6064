using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A hot statement (the writer's per-command statements, the case read), prepared once on its connection and driven through
/// SQLite's own API: parameters are bound by position, strings as UTF-16 spans and blobs as spans (SQLite copies them),
/// so a rebind allocates nothing. <see cref="SqliteCommand"/> looks every parameter up by name and converts every
/// string to a new UTF-8 array on each execution, which was a good part of the writer's CPU per command. Errors are
/// raised as <see cref="SqliteException"/>, exactly as the provider raises them.</summary>
internal sealed class RawStatement : IDisposable
{
    private const int Row = 100, Done = 101;
    private const uint PreparePersistent = 0x01;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        var rc = raw.sqlite3_prepare_v3(_db, sql, PreparePersistent, out _stmt);
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Binds a 64-bit integer to parameter <paramref name="index"/> (1-based, in order of appearance).</summary>
    public RawStatement Int(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    /// <summary>Binds an integer, or NULL.</summary>
    public RawStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    /// <summary>Binds an instant as UTC ticks, or NULL.</summary>
    public RawStatement Ticks(int index, DateTimeOffset? value) => value is { } v ? Int(index, v.UtcTicks) : Null(index);

    /// <summary>Binds a string, or NULL.</summary>
    public RawStatement Text(int index, string? value)
    {
        if (value is null) return Null(index);
        // A pinned empty span may be a null pointer, which SQLite binds as NULL: '' goes through the UTF-8 overload.
        Check(value.Length == 0 ? raw.sqlite3_bind_text(_stmt, index, string.Empty) : raw.sqlite3_bind_text16(_stmt, index, value.AsSpan()));
        return this;
    }

    /// <summary>Binds a blob (an empty one too, never NULL).</summary>
    public RawStatement Blob(int index, ReadOnlyMemory<byte> value)
    {
        // A pinned empty span may be a null pointer, which SQLite binds as NULL.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value.Span));
        return this;
    }

    /// <summary>Binds a blob, or NULL when empty.</summary>
    public RawStatement BlobOrNull(int index, ReadOnlyMemory<byte> value) => value.IsEmpty ? Null(index) : Blob(index, value);

    /// <summary>Binds NULL.</summary>
    public RawStatement Null(int index)
    {
        Check(raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    /// <summary>Runs the statement to completion and returns the rows it changed.</summary>
    /// <exception cref="SqliteException">SQLite refused it (a constraint, BUSY, I/O).</exception>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        while (rc == Row) rc = raw.sqlite3_step(_stmt);
        Finish(rc);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Runs a one-value query: the first column of its first row as an integer, or null without a row.</summary>
    public long? ScalarInt64()
    {
        var rc = raw.sqlite3_step(_stmt);
        long? value = rc == Row ? raw.sqlite3_column_int64(_stmt, 0) : null;
        while (rc == Row) rc = raw.sqlite3_step(_stmt);
        Finish(rc);
        return value;
    }

    /// <summary>Steps a query once: true with a row to read (by the column methods), false when done. Call
    /// <see cref="Reset"/> when finished with it.</summary>
    /// <exception cref="SqliteException">SQLite failed (BUSY, I/O, a damaged page).</exception>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == Row) return true;
        Finish(rc);
        return false;
    }

    /// <summary>Ends the current run of the query, so that the connection holds no read snapshot through it.</summary>
    public void Reset() => raw.sqlite3_reset(_stmt);

    /// <summary>Whether column <paramref name="column"/> (0-based) of the current row is NULL.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == 5;

    /// <summary>Column <paramref name="column"/> of the current row as an integer (0 for NULL).</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    /// <summary>Column <paramref name="column"/> of the current row as an integer, or null.</summary>
    public long? Int64OrNull(int column) => IsNull(column) ? null : Int64(column);

    /// <summary>Column <paramref name="column"/> of the current row as a string (NULL reads as empty; see <see cref="StringOrNull"/>).</summary>
    public string String(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string() ?? string.Empty;

    /// <summary>Column <paramref name="column"/> of the current row as a string, or null.</summary>
    public string? StringOrNull(int column) => IsNull(column) ? null : String(column);

    /// <summary>Column <paramref name="column"/> of the current row as a new array (NULL reads as empty).</summary>
    public byte[] Bytes(int column) => IsNull(column) ? [] : raw.sqlite3_column_blob(_stmt, column).ToArray();

    /// <summary>Column <paramref name="column"/> of the current row as an instant from UTC ticks.</summary>
    public DateTimeOffset Instant(int column) => new(Int64(column), TimeSpan.Zero);

    /// <summary>Column <paramref name="column"/> of the current row as an instant, or null.</summary>
    public DateTimeOffset? InstantOrNull(int column) => IsNull(column) ? null : Instant(column);

    private void Finish(int rc)
    {
        if (rc == Done)
        {
            raw.sqlite3_reset(_stmt);
            return;
        }
        try
        {
            // The primary code (19 for every constraint), as the provider reports it; the message is the connection's.
            SqliteException.ThrowExceptionForRC(rc & 0xFF, _db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    private void Check(int rc)
    {
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _stmt.Dispose();
}
