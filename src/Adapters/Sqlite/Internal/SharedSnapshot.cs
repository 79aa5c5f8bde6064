using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Read connections of their own, each in one long read transaction, that all see the picture of the first:
/// the parts of the audit's one-pass proof (<see cref="IntactScan"/>) read one file state on several cores. The others
/// are started on the first one's WAL snapshot (<c>sqlite3_snapshot_open</c>) when it has one, so a commit between the
/// opens cannot give two parts two different files (see <see cref="Share"/> for a file without one). Disposing closes
/// them all.</summary>
internal sealed unsafe class SharedSnapshot : IDisposable
{
    private const int Ok = 0;
    private readonly string _connectionString;
    private readonly List<(SqliteConnection Connection, SqliteTransaction Transaction, StatementCache Statements)> _opened = [];

    /// <summary>Opens the first connection and begins its read transaction; its picture is the one its first read takes.</summary>
    public SharedSnapshot(string connectionString)
    {
        _connectionString = connectionString;
        First = Open().Statements.Get;
    }

    /// <summary>The first connection's statements.</summary>
    public Func<string, RawStatement> First { get; }

    /// <summary>Statements on <paramref name="count"/> more connections that read what the first one reads (it must have
    /// read already), or null when that cannot be had. A WAL snapshot is shared when there is one; a file whose WAL is
    /// empty (closed cleanly, as <c>onestop verify</c> finds it) has none to share (SQLite refuses), and then each other
    /// connection's first read must pass <paramref name="seesTheSame"/> (compared with what the first one read).</summary>
    public IReadOnlyList<Func<string, RawStatement>>? Share(int count, Func<Func<string, RawStatement>, bool> seesTheSame)
    {
        var shared = new List<Func<string, RawStatement>>(count);
        nint snapshot;
        fixed (byte* main = "main"u8)
        {
            if (SqliteNative.sqlite3_snapshot_get(Handle(_opened[0].Connection), main, &snapshot) != Ok)
            {
                for (var k = 0; k < count; k++)
                {
                    var statements = Open().Statements.Get;
                    if (!seesTheSame(statements)) return null;
                    shared.Add(statements);
                }
                return shared;
            }
            try
            {
                for (var k = 0; k < count; k++)
                {
                    var (connection, _, statements) = Open(beforeBegin: c => SqliteSchema.Scalar(c, "PRAGMA application_id"));
                    if (SqliteNative.sqlite3_snapshot_open(Handle(connection), main, snapshot) != Ok) return null;
                    shared.Add(statements.Get);
                }
                return shared;
            }
            finally
            {
                SqliteNative.sqlite3_snapshot_free(snapshot);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (connection, transaction, statements) in _opened)
        {
            statements.Dispose();
            transaction.Dispose();
            connection.Dispose();
        }
    }

    private static nint Handle(SqliteConnection connection) => connection.Handle!.DangerousGetHandle();

    // A connection that is to take another's snapshot must have read the file once (so that it knows it is in WAL mode)
    // and begun its transaction without reading: SQLite's conditions for sqlite3_snapshot_open.
    private (SqliteConnection Connection, SqliteTransaction Transaction, StatementCache Statements) Open(Action<SqliteConnection>? beforeBegin = null)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            beforeBegin?.Invoke(connection);
            var opened = (connection, connection.BeginTransaction(deferred: true), new StatementCache(connection));
            _opened.Add(opened);
            return opened;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
