using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Copies the WAL back into the database file on its own connection and thread, so the writer's COMMIT
/// never pays for a checkpoint (SQLite's automatic checkpoint runs inside the commit that crosses the threshold).
/// PASSIVE checkpoints never block the writer or readers; the last one on close truncates the WAL.
/// Under constant load PASSIVE alone lets the WAL grow without end: SQLite starts the WAL over only when every frame is
/// copied back and no reader is reading from it, and with readers always in flight that moment rarely comes (a 30,000-case
/// simulator run grew it to 2.7 GB). A long WAL costs memory in every connection (each maps the WAL index, 32 KB per 4,096
/// frames) and time in every page read (one index lookup per 4,096 frames). So once the WAL passes
/// <see cref="RestartFrames"/>, a RESTART checkpoint briefly holds off the writer until readers have moved to the database
/// file, and the next commit starts the WAL from the beginning. While commits come one at a time the writer starts the
/// WAL over much earlier: it asks for a checkpoint once the WAL holds <see cref="WalCycle.CycleFrames"/> frames and
/// copies the last few back itself (<see cref="WalCycle"/>).</summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WalCheckpointer(string connectionString, int synchronous, int busyTimeoutMs)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _busyTimeoutMs = busyTimeoutMs;
        _syncs = synchronous != 0;
        // Polled in short steps (see BusyWait): a RESTART holds off the writer while it waits for readers.
        BusyWait.Install(_connection.Handle!, busyTimeoutMs);
        SqliteSchema.Execute(_connection, $"PRAGMA synchronous = {synchronous}");
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Asks for one checkpoint (a request while one is pending is the same request).</summary>
    public void Signal()
    {
        _requested = true;
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // A checkpoint is already requested.
            }
        }
    }

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    private long _checkpoints;

    // True from a request until the checkpoint it asked for has finished.
    private volatile bool _requested;
    private long _checkpointed;

    /// <summary>Whether no checkpoint is requested or running.</summary>
    public bool Idle => !_requested;

    /// <summary>The WAL frames the last PASSIVE checkpoint copied back without a gap from the first (all it saw when it
    /// completed, else as far as it got); a WAL restarted since may be shorter.</summary>
    public long CheckpointedFrames => Interlocked.Read(ref _checkpointed);

    /// <summary>RESTART checkpoints that completed (the WAL then starts over at the next commit).</summary>
    public long Restarts { get; private set; }

    /// <summary>WAL length, in frames, past which a checkpoint also restarts the WAL (<see cref="DefaultRestartFrames"/>;
    /// tests lower it).</summary>
    internal int RestartFrames { get; set; } = DefaultRestartFrames;

    /// <summary>256 MB of 1 KB-page frames. A restart cycle writes each database page its checkpoints copied to the disk
    /// about once: a PASSIVE checkpoint syncs the database only when it has copied the whole WAL, which it never does
    /// while the writer keeps committing, so the pages stay dirty in the OS cache until the RESTART's sync. A hot page
    /// (an index's interior pages, the last leaves of the event log and the outbox) is therefore written once per cycle
    /// however many commits changed it: in a 10,000-case simulation, 3 cycles instead of 11 (64 MB) wrote 30 % fewer
    /// distinct 4 KB blocks of the database file, and the database writes the kernel counted for the checkpointer fell
    /// from 1.11 GB to 0.53 GB. Readers do not search the longer WAL (the PASSIVE checkpoint every thousand or so writes
    /// keeps the part they search short), and its index is 32 KB per 4,096 frames, shared by every connection. Each
    /// RESTART holds off the writer; <see cref="FlushBeforeRestart"/> keeps that short. The writer's journal size limit
    /// is above this length (<see cref="SqliteCaseStore"/>), so the WAL file is reused, never truncated.</summary>
    internal const int DefaultRestartFrames = 262_144;

    /// <summary>The writer's <c>journal_size_limit</c> for a file of <paramref name="pageSize"/>-byte pages: a quarter
    /// above <see cref="DefaultRestartFrames"/> frames (each a page and its 24-byte header), more than the WAL grows between
    /// two restarts (a checkpoint interval and the flush before the RESTART come on top of the restart length). SQLite
    /// cuts the WAL back to this size at the first commit after a restart; with 64 MB it cut a WAL that restarted at
    /// 68–78 MB every cycle (~8 ms of the writer's COMMIT each time, in the simulator), and the regrown tail then cost
    /// each <c>fdatasync</c> an inode write. Under the limit the file is overwritten in place.</summary>
    internal static long JournalSizeLimit(int pageSize) => (DefaultRestartFrames + DefaultRestartFrames / 4L) * (pageSize + 24L);

    /// <summary>How long a RESTART waits for the writer and for readers before giving up until the next checkpoint; it
    /// holds off the writer while it waits, so the wait is short (readers are single statements).</summary>
    internal const int RestartWaitMs = 50;

    private readonly int _busyTimeoutMs;
    private readonly bool _syncs;

    /// <summary>One PASSIVE checkpoint, followed by a RESTART when the WAL is longer than <see cref="RestartFrames"/>.
    /// Returns the WAL length in frames that the PASSIVE checkpoint saw.</summary>
    internal long CheckpointOnce()
    {
        var (_, frames, copied) = Checkpoint("PASSIVE");
        Interlocked.Exchange(ref _checkpointed, copied);
        Interlocked.Increment(ref _checkpoints);
        if (frames < RestartFrames) return frames;
        FlushBeforeRestart();
        BusyWait.Install(_connection.Handle!, RestartWaitMs);
        try
        {
            // Busy (a long reader, or the writer kept the lock): nothing lost, the next checkpoint tries again.
            if (!Checkpoint("RESTART").Busy) Restarts++;
        }
        finally
        {
            BusyWait.Install(_connection.Handle!, _busyTimeoutMs);
        }
        return frames;
    }

    /// <summary>Called after each sync of the database file that <see cref="FlushBeforeRestart"/> makes (tests).</summary>
    internal Action? DatabaseSynced { get; set; }

    /// <summary>Makes the database file durable before a RESTART, outside the write lock. A PASSIVE checkpoint syncs the
    /// database only when it has copied the whole WAL, which never happens while the writer keeps committing, so the
    /// pages every PASSIVE of a restart cycle copied stay dirty in the OS cache until the RESTART's own sync; and the
    /// RESTART holds the writer lock from before its copy until after that sync: in 10,000-case simulations a RESTART
    /// held the writer off 59–85 ms on average, most of it that sync, and no group could begin meanwhile. Synced here
    /// first (and what the writer committed meanwhile copied and synced once more), the RESTART is left a few hundred
    /// frames to copy and sync (15–46 ms on average in the same runs). With <c>synchronous=OFF</c> nothing is synced.</summary>
    private void FlushBeforeRestart()
    {
        if (!_syncs) return;
        SyncDatabaseFile();
        Interlocked.Exchange(ref _checkpointed, Checkpoint("PASSIVE").Checkpointed);
        SyncDatabaseFile();
    }

    /// <summary>Syncs the database file through this connection's own file (SQLite's <c>xSync</c> on it: through the
    /// store's VFS shim when the file is opened through it, else the default VFS). A failed sync stops the process: the
    /// kernel may have dropped the pages it could not write, and the RESTART's sync on the same descriptor would then
    /// succeed and let the WAL start over without them; stopping loses nothing, since the WAL still holds every page
    /// (the same rule as <see cref="Vfs.DatabaseIoMethods"/>' late runs).</summary>
    private unsafe void SyncDatabaseFile()
    {
        Vfs.SqliteFileNative* file = null;
        fixed (byte* name = "main\0"u8)
        {
            if (Vfs.SqliteVfsInterop.sqlite3_file_control(_connection.Handle!.DangerousGetHandle(), name, FcntlFilePointer, &file) != Vfs.SqliteVfsInterop.Ok
                || file == null || file->pMethods == null) return;
        }
        if (file->pMethods->xSync(file, SyncNormal) != Vfs.SqliteVfsInterop.Ok)
            Environment.FailFast("OneStop: the database file could not be synced before a WAL restart; stopping before the WAL starts over (it still holds every page).");
        DatabaseSynced?.Invoke();
    }

    /// <summary><c>SQLITE_FCNTL_FILE_POINTER</c>: the connection's <c>sqlite3_file</c> of the database.</summary>
    private const int FcntlFilePointer = 7;

    /// <summary><c>SQLITE_SYNC_NORMAL</c>, the flags of SQLite's own checkpoint syncs here.</summary>
    private const int SyncNormal = 2;

    private (bool Busy, long Frames, long Checkpointed) Checkpoint(string mode)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        // One row: busy flag, frames in the WAL, frames checkpointed (-1, -1 when not in WAL mode).
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                _signal.Wait(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                CheckpointOnce();
            }
            catch (SqliteException)
            {
                // A checkpoint that cannot run now (busy) is simply retried after the next commit; nothing is lost.
            }
            finally
            {
                _requested = false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            SqliteSchema.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // Another process still reads the file; SQLite will checkpoint later.
        }
        _connection.Dispose();
        _stop.Dispose();
        _signal.Dispose();
    }
}
