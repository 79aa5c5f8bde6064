using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Benchmarks.Sqlite;

/// <summary>The raw baselines' file: plain Microsoft.Data.Sqlite on the store's schema, prepared statements, and the
/// two ways the baselines commit (one transaction per unit of rows, or all of them in one).</summary>
internal sealed class RawSqliteFile : IDisposable
{
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _begin, _commit;

    /// <summary>Opens (creating) <paramref name="path"/>, runs <paramref name="pragmas"/> and migrates it to the current schema.</summary>
    public RawSqliteFile(string path, string pragmas)
    {
        Connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        Connection.Open();
        SqliteSchema.Execute(Connection, pragmas);
        SqliteSchema.Migrate(Connection, SqliteSchema.CurrentVersion);
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
    }

    public SqliteConnection Connection { get; }

    /// <summary>A prepared statement with the named parameters, in order; disposed with the file.</summary>
    public SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        command.Prepare();
        _commands.Add(command);
        return command;
    }

    /// <summary>Writes <paramref name="rows"/> <paramref name="count"/> times, each in its own durable transaction.</summary>
    public void PerTransaction(int count, Action rows)
    {
        for (var i = 0; i < count; i++)
        {
            _begin.ExecuteNonQuery();
            rows();
            _commit.ExecuteNonQuery();
        }
    }

    /// <summary>Writes <paramref name="rows"/> <paramref name="count"/> times in one transaction.</summary>
    public void Batched(int count, Action rows)
    {
        _begin.ExecuteNonQuery();
        for (var i = 0; i < count; i++) rows();
        _commit.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var c in _commands) c.Dispose();
        Connection.Dispose();
    }
}
