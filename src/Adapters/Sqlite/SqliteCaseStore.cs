using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

/// <summary>The embedded default <see cref="ICaseStore"/>: one SQLite file in WAL mode. Writes go through one writer
/// with group commit (concurrent commands share a transaction, each in its own savepoint); reads use pooled
/// read-only connections and never wait for the writer. Open with <see cref="Open"/>; dispose to close.</summary>
public sealed partial class SqliteCaseStore : ICaseStore, IAsyncDisposable, IDisposable
{
    private readonly GroupCommitWriter _writer;
    private readonly string _readConnectionString;
    private readonly SqliteStoreOptions _options;
    private int _disposed;

    private SqliteCaseStore(string path, string readConnectionString, GroupCommitWriter writer, SqliteStoreOptions options)
    {
        Path = path;
        _readConnectionString = readConnectionString;
        _writer = writer;
        _options = options;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) a store file, upgrading an older schema in place. A file that is not SQLite,
    /// belongs to another application, was written by a newer OneStop, or is damaged is refused before anything
    /// is written to it.</summary>
    /// <exception cref="ArgumentException">The path is empty or the options are invalid (all problems listed).</exception>
    /// <exception cref="StoreFileException">The file was refused; it is left untouched.</exception>
    /// <exception cref="StoreException">SQLite failed while creating or upgrading the file.</exception>
    public static SqliteCaseStore Open(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options = (options ?? new SqliteStoreOptions()).Copy();
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid SQLite store options: " + string.Join(" ", errors), nameof(options));
        path = System.IO.Path.GetFullPath(path);

        var version = StoreFileInspector.Inspect(path, options);
        var busyMs = (int)options.BusyTimeout.TotalMilliseconds;
        var writeCs = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
            DefaultTimeout = Math.Max(1, busyMs / 1000),
        }.ToString();
        var readCs = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true, DefaultTimeout = Math.Max(1, busyMs / 1000),
        }.ToString();

        var connection = new SqliteConnection(writeCs);
        try
        {
            connection.Open();
            SqliteSchema.Execute(connection, $"PRAGMA busy_timeout = {busyMs}");
            var mode = SqliteSchema.Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreFileException(path, StoreFileProblem.Unreadable, $"SQLite could not switch the file to WAL mode (got '{mode}').");
            SqliteSchema.Execute(connection, $"PRAGMA synchronous = {(int)options.Synchronous}");
            SqliteSchema.Execute(connection, "PRAGMA cache_size = -65536");
            SqliteSchema.Execute(connection, "PRAGMA temp_store = MEMORY");
            // Checkpoints run on their own connection (WalCheckpointer), never inside the writer's COMMIT.
            SqliteSchema.Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            if (version < SqliteSchema.CurrentVersion || version == 0) SqliteSchema.Migrate(connection, SqliteSchema.CurrentVersion);
            var session = new WriterSession(connection);
            var checkpointer = new WalCheckpointer(writeCs, (int)options.Synchronous, busyMs);
            return new SqliteCaseStore(path, readCs, new GroupCommitWriter(session, options.MaxBatchSize, checkpointer), options);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw SqliteErrors.ToStoreException(ex, "open " + path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        CaseCommitValidator.Validate(commit);
        await _writer.EnqueueAsync(session =>
        {
            session.Commit(commit);
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        return ReadAsync("read a case", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {CaseSelect} FROM cases WHERE case_number = $c";
            command.Parameters.AddWithValue("$c", caseNumber);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadCase(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return ReadAsync<IReadOnlyList<EventRecord>>("read events", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT sequence, type, at, actor, command_key, payload, hash FROM events WHERE case_number = $c AND sequence > $s ORDER BY sequence";
            command.Parameters.AddWithValue("$c", caseNumber);
            command.Parameters.AddWithValue("$s", afterSequence);
            using var reader = command.ExecuteReader();
            var events = new List<EventRecord>();
            while (reader.Read())
            {
                events.Add(new EventRecord(caseNumber, reader.GetInt64(0), reader.GetString(1), Instant(reader, 2),
                    reader.GetString(3), reader.GetString(4), Bytes(reader, 5), Bytes(reader, 6)));
            }
            return events;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return ReadAsync("read a command", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT case_number, result FROM commands WHERE idempotency_key = $k";
            command.Parameters.AddWithValue("$k", idempotencyKey);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new CommandRecord(idempotencyKey, reader.GetString(0), Bytes(reader, 1)) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        return ReadAsync("read a definition", connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT item_code, item_version, text FROM definitions WHERE content_hash = $h";
            command.Parameters.AddWithValue("$h", contentHash);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new DefinitionRecord(contentHash, reader.GetString(0), reader.GetInt32(1), reader.GetString(2)) : null;
        }, cancellationToken);
    }

    /// <summary>Stops accepting writes, finishes those already queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync().ConfigureAwait(false);
        // Pooled readers would otherwise keep the file (and its WAL) open after the store is gone.
        using var connection = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Reads run synchronously on a pooled connection: Microsoft.Data.Sqlite's async methods are synchronous anyway.
    private Task<T> ReadAsync<T>(string operation, Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            return Task.FromResult(read(connection));
        }
        catch (SqliteException ex)
        {
            return Task.FromException<T>(SqliteErrors.ToStoreException(ex, operation));
        }
    }

    private async Task<T> WriteAsync<T>(Func<WriterSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return (T)(await _writer.EnqueueAsync(session => work(session), cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The group-commit writer (tests use it to hold the writer and observe batching).</summary>
    internal GroupCommitWriter Writer => _writer;

    /// <summary>Reads a PRAGMA on the writer connection, through the writer queue.</summary>
    internal Task<object?> ReadWriterPragmaAsync(string name) =>
        _writer.EnqueueAsync(session => Internal.SqliteSchema.Scalar(session.Connection, "PRAGMA " + name), CancellationToken.None);

    private const string CaseSelect =
        "case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at, updated_at, concluded_at, earliest_due, snapshot"
        + StatisticsSchema.CaseSelect;

    private static CaseRecord ReadCase(SqliteDataReader r) => StatisticsSchema.ReadCase(r, 15, new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        StringOrNull(r, 7), StringOrNull(r, 8), r.GetInt64(9), Instant(r, 10), Instant(r, 11), InstantOrNull(r, 12),
        InstantOrNull(r, 13), Bytes(r, 14)));
}
