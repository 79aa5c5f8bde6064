using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A read-only connection with its prepared statements, rented from a <see cref="ReaderPool"/> by one reader
/// at a time. Statements are compiled once per connection and reused with new parameter values, so a hot read (a case
/// by number, an idempotency key) costs a step and a reset instead of a parse.</summary>
internal sealed class ReaderSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawStatement> _raw = new(StringComparer.Ordinal);

    public ReaderSession(string connectionString)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
        // In WAL mode a reader drops its whole page cache whenever another connection committed since its last read
        // (which, under load, is nearly every read), and dropping costs time proportional to the cache's hash table.
        // A small cache holds what one short read needs and makes that reset cheap.
        SqliteSchema.Execute(Connection, "PRAGMA cache_size = " + CachePages);
    }

    /// <summary>Page cache per reader, in pages (256 KB with the default 1 KB pages).</summary>
    internal const int CachePages = 256;

    public SqliteConnection Connection { get; }

    /// <summary>Prepared statements a pooled session may keep. Search and task-list statements are prepared per filter
    /// shape (which filters, how many roles or departments), so their number is bounded only by the queries asked; a
    /// session over this is closed on return instead of pooled.</summary>
    internal const int MaxStatements = 256;

    /// <summary>How many statements this session has prepared.</summary>
    public int StatementCount => _commands.Count + _raw.Count;

    /// <summary>The prepared statement for <paramref name="sql"/>, created with the named parameters on first use;
    /// callers set parameter values by position.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>The prepared statement for <paramref name="sql"/> driven through SQLite's own API (see
    /// <see cref="RawStatement"/>): for the hottest reads, which then neither look parameters up by name nor build a data
    /// reader. Parameters are numbered.</summary>
    public RawStatement Raw(string sql)
    {
        if (_raw.TryGetValue(sql, out var statement)) return statement;
        statement = new RawStatement(Connection, sql);
        _raw.Add(sql, statement);
        return statement;
    }

    /// <summary>The SQL of every statement this session has prepared (tests).</summary>
    internal IEnumerable<string> PreparedSql => _raw.Keys.Concat(_commands.Keys);

    /// <summary>Recompilations of this session's statements so far (tests).</summary>
    internal int Reprepares => _raw.Values.Sum(s => s.Reprepares);

    public void Dispose()
    {
        foreach (var statement in _raw.Values) statement.Dispose();
        foreach (var command in _commands.Values) command.Dispose();
        Connection.Dispose();
    }
}
