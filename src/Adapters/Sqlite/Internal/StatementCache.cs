using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Statements on one connection, prepared on first use and disposed together: for reads that run a few
/// statements many times on a connection of their own (the audit's event chains).</summary>
internal sealed class StatementCache(SQLitePCL.sqlite3 connection) : IDisposable
{
    public StatementCache(SqliteConnection connection)
        : this(connection.Handle ?? throw new InvalidOperationException("The connection is not open."))
    {
    }

    private readonly Dictionary<string, RawStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>The prepared statement for <paramref name="sql"/>.</summary>
    public RawStatement Get(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement)) _statements.Add(sql, statement = new RawStatement(connection, sql));
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
    }
}
