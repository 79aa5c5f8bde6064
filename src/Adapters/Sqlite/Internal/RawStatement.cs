using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A hot statement (the writer's per-command statements, the case read), prepared once on its connection and driven through
/// SQLite's own API: parameters are bound by position, strings as UTF-8 transcoded on the stack and blobs as spans (SQLite copies them),
/// so a rebind allocates nothing. <see cref="SqliteCommand"/> looks every parameter up by name and converts every
/// string to a new UTF-8 array on each execution, which was a good part of the writer's CPU per command. Errors are
/// raised as <see cref="SqliteException"/>, exactly as the provider raises them.</summary>
internal sealed unsafe class RawStatement : IDisposable
{
    private const int Row = 100, Done = 101;
    private const uint PreparePersistent = 0x01;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    // The raw handles, for the calls through SqliteNative (valid until Dispose; the connection outlives its statements).
    private readonly nint _dbHandle, _stmtHandle;

    public RawStatement(SqliteConnection connection, string sql)
        : this(connection.Handle ?? throw new InvalidOperationException("The connection is not open."), sql)
    {
    }

    /// <summary>Prepares <paramref name="sql"/> on a connection the store opened itself (the writer's, see
    /// <see cref="WriterConnection"/>).</summary>
    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v3(_db, sql, PreparePersistent, out _stmt);
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, _db);
        _dbHandle = _db.DangerousGetHandle();
        _stmtHandle = _stmt.DangerousGetHandle();
        var count = raw.sqlite3_bind_parameter_count(_stmt);
        _bound = new Bound[count + 1];
    }

    /// <summary>How many times SQLite has compiled this statement again since it was prepared (tests: a rebind must not
    /// recompile a hot read, see <see cref="SqliteValues.Paging"/>).</summary>
    internal int Reprepares => raw.sqlite3_stmt_status(_stmt, StatusReprepare, 0);

    /// <summary>SQLITE_STMTSTATUS_REPREPARE (SQLitePCLRaw names no constant for it).</summary>
    private const int StatusReprepare = 5;

    /// <summary>Binds a 64-bit integer to parameter <paramref name="index"/> (1-based, in order of appearance).</summary>
    public RawStatement Int(int index, long value)
    {
        if ((uint)index < (uint)_bound.Length)
        {
            ref var bound = ref _bound[index];
            if (bound.Kind == BoundInt && bound.Value == value) return this;
            bound.Kind = BoundUnknown;
            if (_pinned != 0) Unpinned(index);
            Check(SqliteNative.sqlite3_bind_int64(_stmtHandle, index, value));
            bound.Value = value;
            bound.Kind = BoundInt;
            return this;
        }
        Check(SqliteNative.sqlite3_bind_int64(_stmtHandle, index, value));
        return this;
    }

    private const byte BoundUnknown = 0, BoundInt = 1, BoundNull = 2, BoundText = 3;

    // What each parameter holds now (index 0 unused). SQLite keeps a binding across sqlite3_reset until it is bound again,
    // and holds its own copy of bound text (SQLITE_TRANSIENT), so binding the same integer, NULL or string instance again
    // is skipped: on the writer about a third of the binds of a command (its events' case id, instant, actor and command
    // key; outbox channels; NULL metrics), each a call that takes the connection's mutex and, for text, transcodes,
    // frees and copies. A blob is always bound (its bytes may differ behind the same memory); a failed bind leaves the
    // parameter unknown, so the next bind is issued.
    private struct Bound
    {
        public byte Kind;
        public long Value;
        public string? Text;
    }

    private readonly Bound[] _bound;

    /// <summary>Binds an integer, or NULL.</summary>
    public RawStatement Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    /// <summary>Binds an instant as UTC ticks, or NULL.</summary>
    public RawStatement Ticks(int index, DateTimeOffset? value) => value is { } v ? Int(index, v.UtcTicks) : Null(index);

    /// <summary>Binds a string, or NULL.</summary>
    public RawStatement Text(int index, string? value)
    {
        if (value is null) return Null(index);
        if ((uint)index < (uint)_bound.Length)
        {
            ref var bound = ref _bound[index];
            if (bound.Kind == BoundText && ReferenceEquals(bound.Text, value)) return this;
            bound.Kind = BoundUnknown;
            if (_pinned != 0) Unpinned(index);
            bound.Text = null;
            BindText(index, value);
            bound.Text = value;
            bound.Kind = BoundText;
            return this;
        }
        BindText(index, value);
        return this;
    }

    // Without SkipLocalsInit the stack buffer below (768 bytes) was zeroed on every call, ~40 string binds per command on
    // the writer; only the bytes the transcoder writes are passed to SQLite.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private void BindText(int index, string value)
    {
        if (value.Length == 0)
        {
            // A null pointer binds NULL: '' is bound from a real (empty) buffer.
            byte empty = 0;
            Check(SqliteNative.sqlite3_bind_text(_stmtHandle, index, &empty, 0, SqliteNative.Transient));
            return;
        }
        // Bound as UTF-8, the database's encoding: bound as UTF-16, SQLite copied the text and then translated the copy
        // into a second allocation (sqlite3VdbeMemTranslate, ~1.5 % of the writer thread in the simulator). The
        // framework's transcoder is vectorised, and it replaces a lone surrogate as the provider's own binding does.
        if (value.Length <= StackChars)
        {
            var buffer = stackalloc byte[StackChars * 3];
            var length = System.Text.Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, StackChars * 3));
            Check(SqliteNative.sqlite3_bind_text(_stmtHandle, index, buffer, length, SqliteNative.Transient));
            return;
        }
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(value, rented);
            fixed (byte* text = rented) Check(SqliteNative.sqlite3_bind_text(_stmtHandle, index, text, length, SqliteNative.Transient));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Strings up to this many UTF-16 units are transcoded on the stack (at most 3 bytes each in UTF-8).</summary>
    private const int StackChars = 256;

    /// <summary>Binds a blob (an empty one too, never NULL).</summary>
    public RawStatement Blob(int index, ReadOnlyMemory<byte> value)
    {
        if ((uint)index < (uint)_bound.Length)
        {
            _bound[index].Kind = BoundUnknown;
            _bound[index].Text = null;
            if (_pinned != 0) Unpinned(index);
        }
        // A pinned empty span may be a null pointer, which SQLite binds as NULL.
        if (value.IsEmpty)
        {
            Check(SqliteNative.sqlite3_bind_zeroblob(_stmtHandle, index, 0));
            return this;
        }
        fixed (byte* blob = value.Span) Check(SqliteNative.sqlite3_bind_blob(_stmtHandle, index, blob, value.Length, SqliteNative.Transient));
        return this;
    }

    /// <summary>Binds <paramref name="length"/> bytes at <paramref name="blob"/> without copying them
    /// (<c>SQLITE_STATIC</c>): the caller keeps them pinned (a <c>fixed</c> block around the bind and the run) and
    /// unchanged until the run that follows ends (<see cref="Execute"/> or <see cref="ScalarInt64"/> returns or throws).
    /// SQLite reads a bound value only while the statement steps, and only then does it dereference the pointer; the
    /// pointer stays bound after the run (a reset keeps bindings) but is never stepped again: a run that finds a
    /// parameter still bound this way from an earlier run, not bound again since, throws before stepping. Saves SQLite's
    /// copy of the bytes into an allocation of its own (a free, a malloc and a copy per bind).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not one of the statement's first 63 parameters.</exception>
    public RawStatement BlobPinned(int index, byte* blob, int length)
    {
        if ((uint)(index - 1) >= (uint)Math.Min(_bound.Length - 1, 63)) throw new ArgumentOutOfRangeException(nameof(index));
        ref var bound = ref _bound[index];
        bound.Kind = BoundUnknown;
        bound.Text = null;
        var bit = 1UL << index;
        _pinned &= ~bit;
        _fresh &= ~bit;
        if (length == 0 || blob == null)
        {
            // A null pointer binds NULL: an empty blob is bound as zeroblob(0), as Blob binds it.
            Check(SqliteNative.sqlite3_bind_zeroblob(_stmtHandle, index, 0));
            return this;
        }
        Check(SqliteNative.sqlite3_bind_blob(_stmtHandle, index, blob, length, SqliteNative.Static));
        _pinned |= bit;
        _fresh |= bit;
        return this;
    }

    // Parameters bound to the caller's memory (BlobPinned), as bits by index; those of them bound since the last run ended.
    private ulong _pinned, _fresh;

    /// <summary>Parameter <paramref name="index"/> is being bound otherwise: it no longer points to pinned memory.</summary>
    private void Unpinned(int index)
    {
        if ((uint)index < 64)
        {
            _pinned &= ~(1UL << index);
            _fresh &= ~(1UL << index);
        }
    }

    /// <summary>Refuses a run that would read a pointer bound for an earlier run (see <see cref="BlobPinned"/>).</summary>
    private void CheckPinned()
    {
        if ((_pinned & ~_fresh) != 0)
            throw new InvalidOperationException("A blob bound without copying for an earlier run of this statement was not bound again.");
    }

    /// <summary>Whether a parameter is bound to the caller's memory now (tests).</summary>
    internal bool IsPinned(int index) => (_pinned & (1UL << index)) != 0;

    /// <summary>Binds a blob, or NULL when empty.</summary>
    public RawStatement BlobOrNull(int index, ReadOnlyMemory<byte> value) => value.IsEmpty ? Null(index) : Blob(index, value);

    /// <summary>Binds NULL.</summary>
    public RawStatement Null(int index)
    {
        if ((uint)index < (uint)_bound.Length)
        {
            ref var bound = ref _bound[index];
            if (bound.Kind == BoundNull) return this;
            bound.Kind = BoundUnknown;
            if (_pinned != 0) Unpinned(index);
            bound.Text = null;
            Check(SqliteNative.sqlite3_bind_null(_stmtHandle, index));
            bound.Kind = BoundNull;
            return this;
        }
        Check(SqliteNative.sqlite3_bind_null(_stmtHandle, index));
        return this;
    }

    /// <summary>Runs the statement to completion and returns the rows it changed.</summary>
    /// <exception cref="SqliteException">SQLite refused it (a constraint, BUSY, I/O).</exception>
    public int Execute()
    {
        if (_pinned != 0) CheckPinned();
        var rc = SqliteNative.sqlite3_step(_stmtHandle);
        while (rc == Row) rc = SqliteNative.sqlite3_step(_stmtHandle);
        Finish(rc);
        return SqliteNative.sqlite3_changes(_dbHandle);
    }

    /// <summary>Runs a one-value query: the first column of its first row as an integer, or null without a row.</summary>
    public long? ScalarInt64()
    {
        if (_pinned != 0) CheckPinned();
        var rc = SqliteNative.sqlite3_step(_stmtHandle);
        long? value = rc == Row ? SqliteNative.sqlite3_column_int64(_stmtHandle, 0) : null;
        while (rc == Row) rc = SqliteNative.sqlite3_step(_stmtHandle);
        Finish(rc);
        return value;
    }

    /// <summary>Steps a query once: true with a row to read (by the column methods), false when done. Call
    /// <see cref="Reset"/> when finished with it.</summary>
    /// <exception cref="SqliteException">SQLite failed (BUSY, I/O, a damaged page).</exception>
    public bool Step()
    {
        if (_pinned != 0) CheckPinned();
        var rc = SqliteNative.sqlite3_step(_stmtHandle);
        if (rc == Row) return true;
        Finish(rc);
        return false;
    }

    /// <summary>Ends the current run of the query, so that the connection holds no read snapshot through it.</summary>
    public void Reset()
    {
        _fresh = 0;
        SqliteNative.sqlite3_reset(_stmtHandle);
    }

    /// <summary>Every row the bound query gives, each made by <paramref name="read"/>, in order; the statement is reset
    /// afterwards, even when a read fails.</summary>
    public List<T> ReadAll<T>(Func<RawStatement, T> read)
    {
        var rows = new List<T>();
        try
        {
            while (Step()) rows.Add(read(this));
        }
        finally
        {
            Reset();
        }
        return rows;
    }

    /// <summary>The first row the bound query gives, made by <paramref name="read"/>, or <paramref name="none"/>; the
    /// statement is reset afterwards.</summary>
    public T ReadFirst<T>(Func<RawStatement, T> read, T none)
    {
        try
        {
            return Step() ? read(this) : none;
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Whether column <paramref name="column"/> (0-based) of the current row is NULL.</summary>
    public bool IsNull(int column) => SqliteNative.sqlite3_column_type(_stmtHandle, column) == 5;

    /// <summary>Column <paramref name="column"/> of the current row as an integer (0 for NULL).</summary>
    public long Int64(int column) => SqliteNative.sqlite3_column_int64(_stmtHandle, column);

    /// <summary>Column <paramref name="column"/> of the current row as an integer, or null.</summary>
    public long? Int64OrNull(int column) => IsNull(column) ? null : Int64(column);

    /// <summary>Column <paramref name="column"/> of the current row as a string (NULL reads as empty; see <see cref="StringOrNull"/>).</summary>
    public string String(int column)
    {
        var text = SqliteNative.sqlite3_column_text(_stmtHandle, column);
        // The length is asked after the text, so that it counts the UTF-8 form the text call produced.
        return text is null ? string.Empty : System.Text.Encoding.UTF8.GetString(text, SqliteNative.sqlite3_column_bytes(_stmtHandle, column));
    }

    /// <summary>Column <paramref name="column"/> of the current row as a string, or null.</summary>
    public string? StringOrNull(int column) => IsNull(column) ? null : String(column);

    /// <summary>Column <paramref name="column"/> of the current row as a new array (NULL reads as empty).</summary>
    public byte[] Bytes(int column)
    {
        if (IsNull(column)) return [];
        var blob = SqliteNative.sqlite3_column_blob(_stmtHandle, column);
        return blob is null ? [] : new ReadOnlySpan<byte>(blob, SqliteNative.sqlite3_column_bytes(_stmtHandle, column)).ToArray();
    }

    /// <summary>Column <paramref name="column"/> of the current row as SQLite's own UTF-8 text (NULL reads as empty),
    /// valid until the statement steps, resets or reads the column as another type.</summary>
    public ReadOnlySpan<byte> TextSpan(int column)
    {
        var text = SqliteNative.sqlite3_column_text(_stmtHandle, column);
        return text is null ? [] : new ReadOnlySpan<byte>(text, SqliteNative.sqlite3_column_bytes(_stmtHandle, column));
    }

    /// <summary>Column <paramref name="column"/> of the current row as SQLite's own bytes (NULL reads as empty), valid
    /// as long as <see cref="TextSpan"/>'s.</summary>
    public ReadOnlySpan<byte> BlobSpan(int column)
    {
        var blob = SqliteNative.sqlite3_column_blob(_stmtHandle, column);
        return blob is null ? [] : new ReadOnlySpan<byte>(blob, SqliteNative.sqlite3_column_bytes(_stmtHandle, column));
    }

    /// <summary>Column <paramref name="column"/> of the current row as the provider's <c>ExecuteScalar</c> gives it:
    /// a long, a double, a string, a byte array, or null.</summary>
    public object? Value(int column) => SqliteNative.sqlite3_column_type(_stmtHandle, column) switch
    {
        1 => Int64(column),
        2 => raw.sqlite3_column_double(_stmt, column),
        3 => String(column),
        4 => Bytes(column),
        _ => null,
    };

    /// <summary>Column <paramref name="column"/> of the current row as an instant from UTC ticks.</summary>
    public DateTimeOffset Instant(int column) => new(Int64(column), TimeSpan.Zero);

    /// <summary>Column <paramref name="column"/> of the current row as an instant, or null.</summary>
    public DateTimeOffset? InstantOrNull(int column) => IsNull(column) ? null : Instant(column);

    private void Finish(int rc)
    {
        // The run is over: a pointer bound for it must be bound again before the next.
        _fresh = 0;
        if (rc == Done)
        {
            SqliteNative.sqlite3_reset(_stmtHandle);
            return;
        }
        try
        {
            // The primary code (19 for every constraint), as the provider reports it; the message is the connection's.
            SqliteException.ThrowExceptionForRC(rc & 0xFF, _db);
        }
        finally
        {
            SqliteNative.sqlite3_reset(_stmtHandle);
        }
    }

    private void Check(int rc)
    {
        if (rc == 0) return;
        // A refused bind abandons the run being bound: its pinned pointers must not serve the next.
        _fresh = 0;
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _stmt.Dispose();
}
