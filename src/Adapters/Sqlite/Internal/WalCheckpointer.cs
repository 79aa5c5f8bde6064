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

    /// <summary>WAL length, in frames, past which a checkpoint also restarts the WAL (64 MB with 1 KB pages, the
    /// journal size limit). A RESTART holds off the writer while it waits for readers to leave the WAL: at 16 MB the
    /// simulator's writer waited in BEGIN for 32 of them per 10,000 cases, ~65 ms each (8 % of its time); at 64 MB for
    /// 15. The cost of a longer WAL is small: its index is 32 KB per 4,096 frames, shared by every connection.</summary>
    internal const int RestartFrames = 65_536;

    /// <summary>How long a RESTART waits for the writer and for readers before giving up until the next checkpoint; it
    /// holds off the writer while it waits, so the wait is short (readers are single statements).</summary>
    internal const int RestartWaitMs = 50;

    private readonly int _busyTimeoutMs;

    /// <summary>One PASSIVE checkpoint, followed by a RESTART when the WAL is longer than <see cref="RestartFrames"/>.
    /// Returns the WAL length in frames that the PASSIVE checkpoint saw.</summary>
    internal long CheckpointOnce()
    {
        var (_, frames, copied) = Checkpoint("PASSIVE");
        Interlocked.Exchange(ref _checkpointed, copied);
        Interlocked.Increment(ref _checkpoints);
        if (frames < RestartFrames) return frames;
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
