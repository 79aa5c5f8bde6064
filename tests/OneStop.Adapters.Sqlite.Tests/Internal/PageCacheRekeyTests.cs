using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The page cache's rekey wrapper (<see cref="PageCacheRekey"/>): installed with the process settings, it parks
/// the pages a b-tree split swaps under key 0 instead of the temporary number past the pending-byte page, and the file
/// stays exactly what the statements wrote. The writer's larger page cache depends on it.</summary>
public sealed class PageCacheRekeyTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Wrapper_IsInstalledWithTheProcessSettings()
    {
        Assert.True(SqliteProcessConfig.Applied);
        Assert.True(PageCacheRekey.Installed);
    }

    [Fact]
    public void Splits_ParkSwappedPages_AndKeepEveryRow()
    {
        var parkedBefore = PageCacheRekey.Parked;
        var random = new Random(17);
        var kept = new SortedSet<string>(StringComparer.Ordinal);
        using (var connection = _file.Connect())
        {
            SqliteSchema.Execute(connection, "PRAGMA page_size = 1024");
            SqliteSchema.Execute(connection, "PRAGMA journal_mode = WAL");
            SqliteSchema.Execute(connection, "CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID");
            // Random keys split leaves all over the tree; deleting every third row frees pages that later splits reuse out
            // of order, which is when balance_nonroot swaps page numbers.
            for (var round = 0; round < 40; round++)
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT OR REPLACE INTO t (k, v) VALUES ($k, zeroblob(60))";
                var key = insert.Parameters.Add("$k", SqliteType.Text);
                for (var i = 0; i < 500; i++)
                {
                    key.Value = random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                    insert.ExecuteNonQuery();
                    kept.Add((string)key.Value);
                }
                if (round % 4 == 3)
                {
                    foreach (var gone in kept.Where((_, i) => i % 3 == 0).ToList())
                    {
                        using var delete = connection.CreateCommand();
                        delete.CommandText = "DELETE FROM t WHERE k = $k";
                        delete.Parameters.AddWithValue("$k", gone);
                        delete.ExecuteNonQuery();
                        kept.Remove(gone);
                    }
                }
                transaction.Commit();
            }
        }
        Assert.True(PageCacheRekey.Parked > parkedBefore, "No split swapped page numbers: the test no longer exercises the wrapper.");

        // A fresh connection (an empty cache) reads what the file holds.
        using var reader = _file.Connect();
        Assert.Equal("ok", SqliteSchema.Scalar(reader, "PRAGMA integrity_check"));
        using var all = reader.CreateCommand();
        all.CommandText = "SELECT k FROM t ORDER BY k";
        using var rows = all.ExecuteReader();
        var stored = new List<string>();
        while (rows.Read()) stored.Add(rows.GetString(0));
        Assert.Equal(kept.ToList(), stored);
    }

    [Fact]
    public async Task WriterConnection_HasItsOwnLargerCache()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("PC-1", 0));
        Assert.Equal(-(long)WriterSession.WriterCacheKib, await store.ReadWriterPragmaAsync("cache_size"));
    }
}
