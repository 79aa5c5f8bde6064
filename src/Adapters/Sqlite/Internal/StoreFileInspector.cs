using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Decides, without writing a byte, whether a file may be opened as a store: it reads the header
/// directly, then looks inside through a read-only connection.</summary>
internal static class StoreFileInspector
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>Returns the file's schema version (0 for a new or empty file) or throws <see cref="StoreFileException"/>.</summary>
    public static int Inspect(string path, SqliteStoreOptions options)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            if (!options.CreateIfMissing) throw new StoreFileException(path, StoreFileProblem.NotFound, "the file does not exist.");
            return 0;
        }
        if (info.Length == 0) return 0;
        CheckHeader(path, info.Length);

        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(cs);
            connection.Open();
            var appId = (int)(long)SqliteSchema.Scalar(connection, "PRAGMA application_id")!;
            var version = (int)(long)SqliteSchema.Scalar(connection, "PRAGMA user_version")!;
            var objects = (long)SqliteSchema.Scalar(connection, "SELECT count(*) FROM sqlite_schema")!;
            if (appId != SqliteSchema.ApplicationId)
            {
                // An SQLite file with nothing in it holds nothing to lose: it becomes a store.
                if (appId == 0 && version == 0 && objects == 0) return 0;
                throw new StoreFileException(path, StoreFileProblem.Foreign,
                    $"it is an SQLite database of another application (application_id {appId}), not a OneStop store.");
            }
            if (version > SqliteSchema.CurrentVersion)
                throw new StoreFileException(path, StoreFileProblem.NewerVersion,
                    $"it was written by a newer OneStop (schema version {version}; this version knows up to {SqliteSchema.CurrentVersion}).");
            // Builds between the first schema 7 and the event log's integer key wrote version 7 without case_ids; those
            // files were never released, and nothing here could read their event log.
            // Builds before the outbox's compact message key wrote version 7 without outbox.message_key (likewise unreleased).
            if (version == 7 && (long)SqliteSchema.Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'case_ids'")! == 0)
                throw new StoreFileException(path, StoreFileProblem.Damaged,
                    "it has schema version 7 without the case_ids table (written by an unreleased development build); it cannot be opened.");
            if (version == 7 && (long)SqliteSchema.Scalar(connection, "SELECT count(*) FROM pragma_table_info('outbox') WHERE name = 'message_key'")! == 0)
                throw new StoreFileException(path, StoreFileProblem.Damaged,
                    "it has schema version 7 without the outbox's message_key column (written by an unreleased development build); it cannot be opened.");
            if (options.VerifyOnOpen) QuickCheck(path, connection);
            return version;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 26)
        {
            throw new StoreFileException(path, StoreFileProblem.NotSqlite, "it is not an SQLite database.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            throw new StoreFileException(path, StoreFileProblem.Damaged, "SQLite reports the file as corrupt: " + ex.Message, ex);
        }
        catch (SqliteException ex)
        {
            throw new StoreFileException(path, StoreFileProblem.Unreadable, ex.Message, ex);
        }
    }

    private static void CheckHeader(string path, long length)
    {
        var buffer = new byte[Header.Length];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new StoreFileException(path, StoreFileProblem.NotSqlite, $"it is not an SQLite database ({length} bytes, too short for a header).");
        }
        catch (IOException ex)
        {
            throw new StoreFileException(path, StoreFileProblem.Unreadable, ex.Message, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreFileException(path, StoreFileProblem.Unreadable, ex.Message, ex);
        }
        if (!buffer.AsSpan().SequenceEqual(Header))
            throw new StoreFileException(path, StoreFileProblem.NotSqlite, "it is not an SQLite database (no SQLite header).");
    }

    private static void QuickCheck(string path, SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            var line = reader.GetString(0);
            if (line != "ok") problems.Add(line);
        }
        if (problems.Count > 0)
            throw new StoreFileException(path, StoreFileProblem.Damaged, "the integrity check failed: " + string.Join("; ", problems));
    }
}
