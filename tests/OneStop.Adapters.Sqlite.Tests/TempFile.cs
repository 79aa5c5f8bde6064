using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A fresh path in a private temp folder, deleted with its WAL and shared-memory files.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string extension = ".db")
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "onestop-sqlite-tests");
        Directory.CreateDirectory(dir);
        Path = System.IO.Path.Combine(dir, Guid.NewGuid().ToString("N") + extension);
    }

    public string Path { get; }

    public byte[] ReadAll() => File.ReadAllBytes(Path);

    /// <summary>A plain, unpooled connection to the file (for tests that build or inspect it beside the store).</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>One value read through a fresh connection (see <see cref="Connect"/>).</summary>
    public object? Scalar(string sql)
    {
        using var connection = Connect();
        return OneStop.Adapters.Sqlite.Internal.SqliteSchema.Scalar(connection, sql);
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text, through a fresh connection.</summary>
    public List<string> Texts(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read()) texts.Add(reader.GetString(0));
        return texts;
    }

    /// <summary>The detail column of <c>EXPLAIN QUERY PLAN</c> for <paramref name="sql"/>, its parameters bound by name.</summary>
    public List<string> QueryPlan(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        return plan;
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp file must not fail a test.
            }
        }
    }
}
