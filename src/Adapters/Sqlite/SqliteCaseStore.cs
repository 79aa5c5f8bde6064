using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

/// <summary>The embedded default <see cref="ICaseStore"/>: one SQLite file in WAL mode. Writes go through one writer
/// with group commit (concurrent commands share a transaction; one command's failure never fails another); reads use pooled
/// read-only connections and never wait for the writer. Open with <see cref="Open"/>; dispose to close.</summary>
public sealed partial class SqliteCaseStore : ICaseStore, ISnapshotCopyingStore, IAsyncDisposable, IDisposable
{
    private readonly GroupCommitWriter _writer;
    private readonly ReaderPool _readers;
    private readonly SqliteStoreOptions _options;
    private int _disposed;

    private SqliteCaseStore(string path, ReaderPool readers, GroupCommitWriter writer, SqliteStoreOptions options)
    {
        Path = path;
        _readers = readers;
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
        // Before this process's first connection: SQLite takes its process-wide settings only before it initialises.
        _ = SqliteProcessConfig.Applied;

        var version = StoreFileInspector.Inspect(path, options);
        var busyMs = (int)options.BusyTimeout.TotalMilliseconds;
        var writeCs = new SqliteConnectionStringBuilder
        {
            DataSource = options.UsesCoalescingVfs ? Vfs.CoalescingVfs.DataSource(path) : path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
            DefaultTimeout = Math.Max(1, busyMs / 1000),
        }.ToString();
        var readCs = new SqliteConnectionStringBuilder
        {
            // The store pools its own read sessions (with their prepared statements), so the provider's pool is off.
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = Math.Max(1, busyMs / 1000),
        }.ToString();

        // The provider's connection creates or upgrades the file; the writer then works on a connection of its own,
        // opened without a connection mutex (WriterConnection), and this one is closed once the writer's is set up.
        var connection = new SqliteConnection(writeCs);
        SQLitePCL.sqlite3? db = null;
        WriterSession? session = null;
        try
        {
            connection.Open();
            SqliteSchema.Execute(connection, $"PRAGMA busy_timeout = {busyMs}");
            // Only a file that has no tables yet takes a page size; SQLite ignores it for an existing file.
            if (version == 0) SqliteSchema.Execute(connection, $"PRAGMA page_size = {options.PageSize}");
            var mode = SqliteSchema.Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreFileException(path, StoreFileProblem.Unreadable, $"SQLite could not switch the file to WAL mode (got '{mode}').");
            foreach (var pragma in WriterPragmas(options)) SqliteSchema.Execute(connection, pragma);
            if (version < SqliteSchema.CurrentVersion || version == 0) SqliteSchema.Migrate(connection, SqliteSchema.CurrentVersion);
            db = WriterConnection.Open(new SqliteConnectionStringBuilder(writeCs).DataSource);
            foreach (var pragma in WriterPragmas(options)) WriterConnection.Execute(db, pragma);
            session = new WriterSession(db, busyMs, new CommittedRows(WalIndexHeader.TryOpen(path)));
            var checkpointer = new WalCheckpointer(writeCs, (int)options.Synchronous, busyMs);
            // Pipelined sync needs the shim on the writer's WAL (it defers the commit syncs there); the migration above
            // synced as before.
            var sync = options.UsesPipelinedSync && WalSync.SetDeferred(db, true) ? new WalSync(path + "-wal") : null;
            var store = new SqliteCaseStore(path, new ReaderPool(readCs, ReaderPoolSize), new GroupCommitWriter(session, options.MaxBatchSize, checkpointer, sync), options);
            // Not the file's last connection (the writer's and the checkpointer's are open): closing it checkpoints nothing.
            connection.Dispose();
            return store;
        }
        catch (SqliteException ex)
        {
            Close();
            throw SqliteErrors.ToStoreException(ex, "open " + path);
        }
        catch
        {
            Close();
            throw;
        }

        void Close()
        {
            if (session is not null) session.Dispose();
            else db?.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>The writer connection's settings that last only as long as the connection (the journal mode and page
    /// size are the file's): applied to the connection that creates or upgrades the file, then to the writer's own.</summary>
    private static string[] WriterPragmas(SqliteStoreOptions options) =>
    [
        $"PRAGMA synchronous = {(int)options.Synchronous}",
        // 2 MB of page cache keeps the hot b-tree interiors (cases, events, commands, outbox) in memory; the OS page
        // cache holds the rest. Not more: SQLite walks the cache's whole hash table at every COMMIT (pcache1Truncate from
        // pager_end_transaction: a b-tree split swaps page numbers through the lock-byte page's number, which leaves the
        // cache's highest key above the database while it is under 1 GB), and drops it whenever it sees another
        // connection's change, at a cost proportional to its size. With 64 MB the reset alone was 17 % of the simulator's CPU, and with 8 MB the walk at each group's
        // COMMIT was still 5 % of the CPU of 64 concurrent callers (perf); with 2 MB it is 1.4 %. Savepoint
        // sub-journals stay in memory; checkpoints run on their own connection (WalCheckpointer), never inside the
        // writer's COMMIT; a WAL that grew under a burst is cut back to 64 MB when it restarts.
        "PRAGMA cache_size = -2048",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA wal_autocheckpoint = 0",
        "PRAGMA journal_size_limit = 67108864",
    ];

    /// <inheritdoc />
    public Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
    {
        // Not an async method: the writer's own task is returned as it is (no state machine per commit); a refusal found
        // here is still reported through the returned task, as an async method would.
        try
        {
            CaseCommitValidator.Validate(commit);
            // Serialize and hash here, on the caller's thread: the single writer thread only binds and writes bytes.
            commit.Materialize();
            // The snapshot's bytes are read here and never again (ISnapshotCopyingStore): the engine reuses its buffer
            // once this call returns, and the writer binds the encoded copy.
            var snapshot = commit.Case.Snapshot.IsEmpty ? default : SnapshotCodec.EncodeCopy(commit.Case.Snapshot);
            // A commit refuses cleanly (a conflict or a repeated key is found before it writes), so it needs no savepoint of
            // its own in a group, and may be written on this thread when the writer is idle (GroupCommitWriter.WriteAsync).
            return _writer.WriteAsync(commit, snapshot, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        return ReadAsync("read a case", session => CaseRows.ReadOne(session, CaseByNumber, caseNumber), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        if (_writer.Rows.TryGet(caseNumber, out var committed)) return Task.FromResult<CaseRecord?>(committed);
        // The snapshot's version sits before its blob in the row, so the join reads no overflow page of the snapshot.
        // The engine loads the row only to write its next command (docs/storage.md): no wait for durability.
        return ReadAsync("read a case", session => CaseRows.ReadOne(session, CaseRows.RowByNumber, caseNumber), cancellationToken, ReadGate.ForWrite);
    }

    internal const string CaseIdByNumber = "SELECT case_id FROM case_ids WHERE case_number = ?1";

    /// <inheritdoc />
    public Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return ReadAsync<IReadOnlyList<EventRecord>>("read events", session =>
        {
            // Schema 9: the case's chain, then its indexed events (EventChain).
            if (session.Raw(CaseIdByNumber).Text(1, caseNumber).ScalarInt64() is not { } caseId) return [];
            return EventChain.Read(session.Raw, caseId, afterSequence, r => new EventRecord(caseNumber, r.Int64(0), r.String(1),
                r.Instant(2), r.String(3), r.String(4), r.Bytes(5), r.Bytes(6)));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        // Before every submit (is it a repeat?): only a stored result, which goes back to the caller, waits.
        return ReadAsync("read a command", session =>
        {
            return session.Raw("SELECT case_number, result FROM commands WHERE idempotency_key = ?1").Text(1, idempotencyKey)
                .ReadFirst<CommandRecord?>(r => new CommandRecord(idempotencyKey, r.String(0), r.Bytes(1)), null);
        }, cancellationToken, ReadGate.DurableWhenFound);
    }

    /// <inheritdoc />
    public Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        return ReadAsync("read a definition", session =>
        {
            var command = session.Command("SELECT item_code, item_version, text FROM definitions WHERE content_hash = $h", "$h");
            command.Parameters[0].Value = contentHash;
            using var reader = command.ExecuteReader();
            return reader.Read() ? new DefinitionRecord(contentHash, reader.GetString(0), reader.GetInt32(1), reader.GetString(2)) : null;
        }, cancellationToken, ReadGate.ForWrite);
    }

    /// <summary>Stops accepting writes, finishes those already queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync().ConfigureAwait(false);
        // Idle readers would otherwise keep the file (and its WAL) open after the store is gone.
        _readers.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Idle read sessions kept open; more concurrent readers open extra sessions that close after use.</summary>
    private static int ReaderPoolSize => Math.Max(8, Environment.ProcessorCount * 4);

    // For queries written against a plain connection (alerts, audit, statistics): no prepared-statement cache needed.
    private Task<T> ReadConnectionAsync<T>(string operation, Func<SqliteConnection, T> read, CancellationToken cancellationToken,
        ReadGate gate = ReadGate.Durable) =>
        ReadAsync(operation, session => read(session.Connection), cancellationToken, gate);

    /// <summary>Whether a read's result waits until the commits it may have seen are durable (pipelined sync: readers
    /// see a commit at its COMMIT, before the sync thread's fsync; docs/storage.md lists which read is which).</summary>
    private enum ReadGate
    {
        /// <summary>The result goes to the host: it waits until every group begun before the read ended is durable.</summary>
        Durable,

        /// <summary>Only a result that found something waits (a record that is never removed: its absence was true of
        /// the durable state too).</summary>
        DurableWhenFound,

        /// <summary>The engine reads it only to write its next command, whose own acknowledgement waits for an fsync that
        /// covers every earlier commit.</summary>
        ForWrite,
    }

    // Reads run synchronously on a pooled session: Microsoft.Data.Sqlite's async methods are synchronous anyway.
    private Task<T> ReadAsync<T>(string operation, Func<ReaderSession, T> read, CancellationToken cancellationToken, ReadGate gate = ReadGate.Durable)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ReaderSession? session = null;
        try
        {
            session = _readers.Rent();
            var result = read(session);
            _readers.Return(session);
            if (_writer.Sync is { } sync && (gate == ReadGate.Durable || (gate == ReadGate.DurableWhenFound && result is not null)))
                return sync.WhenDurable(result);
            return Task.FromResult(result);
        }
        catch (SqliteException ex)
        {
            // A session that failed may hold a half-stepped statement: close it instead of reusing it.
            session?.Dispose();
            return Task.FromException<T>(SqliteErrors.ToStoreException(ex, operation));
        }
        catch
        {
            session?.Dispose();
            throw;
        }
    }

    private async Task<T> WriteAsync<T>(Func<WriterSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return (T)(await _writer.EnqueueAsync(session => work(session), cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The pooled read sessions (tests).</summary>
    internal ReaderPool Readers => _readers;

    /// <summary>The group-commit writer (tests use it to hold the writer and observe batching).</summary>
    internal GroupCommitWriter Writer => _writer;

    /// <summary>Reads a PRAGMA on the writer connection, through the writer queue.</summary>
    internal Task<object?> ReadWriterPragmaAsync(string name) =>
        _writer.EnqueueAsync(session => session.Pragma(name), CancellationToken.None);

    private const string CaseSelect =
        CaseRows.CaseColumns + ", snapshot" + StatisticsSchema.CaseSelect + ", snapshot_size";

    // The case reads the engine makes before every command: through SQLite's API (CaseRows), numbered parameter.
    private const string CaseByNumber = $"SELECT {CaseSelect} FROM {CaseFrom} WHERE {CaseRows.ByNumber}";

    private const string CaseFrom = CaseRows.From;
}
