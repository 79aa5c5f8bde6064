using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using OneStop.Adapters.Sqlite.Vfs;
using OneStop.Engine;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Pipelined group commit: the writer's commits no longer wait for the WAL's fsync. The writer connection's WAL
/// defers its commit syncs (<see cref="Vfs.WalBufferIoMethods.EnableDeferredSync"/>: the frames are written, not
/// fsynced); after each COMMIT the writer hands the group's outcomes here with the group's sequence number
/// (<see cref="BeginGroup"/>, <see cref="HandOff"/>) and goes on with the next group. A thread of its own ("OneStop
/// sync") fsyncs the WAL file and then completes every group handed over before that fsync began: one fsync covers all
/// the groups waiting, and no caller is told of its commit before an fsync that covers it.
/// <para>Readers may see a commit before it is durable (SQLite publishes it at COMMIT), so a read whose result goes to
/// the host waits with <see cref="WhenDurable{T}"/> until every group begun before the read ended is durable.</para>
/// <para>A failed fsync poisons the store: the groups waiting, every later write and every read that would wait get
/// <see cref="Failure"/> (what is on the disk may be behind what readers saw; PostgreSQL stops after a failed fsync for
/// the same reason).</para></summary>
internal sealed class WalSync : IAsyncDisposable
{
    private readonly string _walPath;
    private readonly object _lock = new();
    private List<WriteRequest> _pending = new(64);
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SafeFileHandle? _wal;
    private long _begun;
    private long _published;
    private long _handed;
    private long _durable;
    private long _fsyncs;
    // Groups handed over and not yet completed by the sync thread.
    private int _outstanding;
    private int _pendingGroups;
    private bool _closed;
    private volatile StoreException? _failure;

    public WalSync(string walPath)
    {
        _walPath = walPath;
        Fsync = FsyncWal;
        var thread = new Thread(Run) { IsBackground = true, Name = "OneStop sync" };
        thread.Start();
    }

    /// <summary>The fsync the sync thread makes (tests replace it to hold the thread or to fail).</summary>
    internal Action Fsync { get; set; }

    /// <summary>Called on the writer's thread after each group is handed over, with its sequence number (tests).</summary>
    internal Action<long>? HandedOff { get; set; }

    /// <summary>The error every write and every waiting read gets after an fsync failed; null while none has.</summary>
    public StoreException? Failure => _failure;

    /// <summary>The last group begun (its sequence number).</summary>
    public long Begun => Volatile.Read(ref _begun);

    /// <summary>The last group whose COMMIT has started: a reader can have seen no later group.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>The last group whose fsync completed.</summary>
    public long Durable => Volatile.Read(ref _durable);

    /// <summary>Whether no group handed over is waiting for the sync thread or in its fsync.</summary>
    public bool Idle => Volatile.Read(ref _outstanding) == 0;

    /// <summary>Fsyncs made so far (for tests and diagnostics).</summary>
    public long FsyncCount => Interlocked.Read(ref _fsyncs);

    /// <summary>Numbers the next group (before it is written).</summary>
    public long BeginGroup() => Interlocked.Increment(ref _begun);

    /// <summary>The writer calls it just before the group's COMMIT (which publishes it to readers), so a reader that
    /// sees the commit also sees its number afterwards (<see cref="WhenDurable{T}"/>). A read that ends while a group is
    /// still being written does not wait for that group.</summary>
    public void Publishing(long sequence) => Volatile.Write(ref _published, sequence);

    /// <summary>Hands a written group (outcomes recorded, not yet told) to the sync thread.</summary>
    public void HandOff(List<WriteRequest> group, long sequence)
    {
        lock (_lock)
        {
            _pending.AddRange(group);
            _handed = sequence;
            _pendingGroups++;
            Volatile.Write(ref _outstanding, _outstanding + 1);
            Monitor.Pulse(_lock);
        }
        HandedOff?.Invoke(sequence);
    }

    /// <summary>A read's result, released once every group whose COMMIT had started when the read ended is durable
    /// (at once when none is pending). Call it after the read.</summary>
    public Task<T> WhenDurable<T>(T result)
    {
        var published = Volatile.Read(ref _published);
        if (Volatile.Read(ref _durable) >= published && _failure is null) return Task.FromResult(result);
        return Await(WaitAsync(published), result);

        static async Task<T> Await(Task wait, T result)
        {
            await wait.ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>Completes once group <paramref name="sequence"/> is durable; faults with <see cref="Failure"/> after a
    /// failed fsync.</summary>
    public Task WaitAsync(long sequence)
    {
        lock (_lock)
        {
            if (_failure is { } failure) return Task.FromException(failure);
            if (_durable >= sequence) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sequence, done));
            return done.Task;
        }
    }

    /// <summary>Makes a group written on its caller's thread (<see cref="GroupCommitWriter.InlineCommits"/>) durable
    /// there and completes it: that fsync covers the groups handed over before it too (the sync thread still completes
    /// those after its own).</summary>
    public void SyncInline(List<WriteRequest> group, long sequence)
    {
        var released = new List<TaskCompletionSource>();
        Complete(group, sequence, SyncOnce(), released);
    }

    private void Run()
    {
        var work = new List<WriteRequest>(64);
        var released = new List<TaskCompletionSource>();
        try
        {
            while (true)
            {
                long target;
                int groups;
                lock (_lock)
                {
                    while (_pending.Count == 0 && !_closed) Monitor.Wait(_lock);
                    if (_pending.Count == 0) break;
                    (work, _pending) = (_pending, work);
                    target = _handed;
                    groups = _pendingGroups;
                    _pendingGroups = 0;
                }
                Complete(work, target, SyncOnce(), released);
                Interlocked.Add(ref _outstanding, -groups);
                work.Clear();
                released.Clear();
            }
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            _stopped.TrySetException(ex);
        }
    }

    /// <summary>One fsync; the error to give everyone when it (or an earlier one) failed.</summary>
    private StoreException? SyncOnce()
    {
        if (_failure is { } failed) return failed;
        try
        {
            Fsync();
            Interlocked.Increment(ref _fsyncs);
            return null;
        }
        catch (Exception ex)
        {
            return new StoreException($"The store could not sync its write-ahead log ({_walPath}); commits since the last sync may be lost, and the store refuses every further write. Reopen it.", isTransient: false, ex);
        }
    }

    /// <summary>After the fsync that began once every group up to <paramref name="target"/> was written: marks them
    /// durable and tells their callers and the reads waiting for them, or fails them all and poisons the store.</summary>
    private void Complete(List<WriteRequest> work, long target, StoreException? failure, List<TaskCompletionSource> released)
    {
        lock (_lock)
        {
            if (failure is null)
            {
                if (target > _durable) Volatile.Write(ref _durable, target);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Sequence > _durable) continue;
                    released.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
            else
            {
                _failure ??= failure;
                failure = _failure;
                foreach (var (_, done) in _waiters) released.Add(done);
                _waiters.Clear();
            }
        }
        if (failure is null)
        {
            // In the order the groups committed.
            foreach (var request in work) request.Finish();
            foreach (var done in released) done.TrySetResult();
        }
        else
        {
            foreach (var request in work) request.TrySetException(failure);
            foreach (var done in released) done.TrySetException(failure);
        }
    }

    // One handle of our own on the -wal path (the same file as the writer's: the connection keeps it open, so it is never
    // deleted and recreated meanwhile); a sync flushes the file's every dirty page whichever handle wrote it. fdatasync
    // on Linux (see FileDataSync): it covers a grown WAL's new size and blocks too, and skips the journal commit of the
    // timestamps when the WAL is overwritten in place.
    private void FsyncWal()
    {
        _wal ??= File.OpenHandle(_walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        FileDataSync.Flush(_wal);
    }

    /// <summary>Turns the deferred commit sync of <paramref name="connection"/>'s WAL handle on or off (see
    /// <see cref="WalBufferIoMethods.EnableDeferredSync"/>). Turning it on also makes the connection's checkpoint syncs
    /// (and SQLite's sync of a new WAL header, which uses the same flags) <c>SQLITE_SYNC_FULL</c>, which is how the shim
    /// tells them from a commit's sync; on Linux both are the same fsync, on macOS the former is F_FULLFSYNC. False (and
    /// nothing changed) when the WAL is not open through the shim. Only while no other thread uses the connection.</summary>
    public static unsafe bool SetDeferred(SQLitePCL.sqlite3 connection, bool deferred)
    {
        if (deferred) WriterConnection.Execute(connection, "PRAGMA checkpoint_fullfsync = 1");
        SqliteFileNative* file = null;
        var main = "main\0"u8;
        fixed (byte* name = main)
        {
            if (SqliteVfsInterop.sqlite3_file_control(connection.DangerousGetHandle(), name, SqliteVfsInterop.FcntlJournalPointer, &file) != SqliteVfsInterop.Ok)
                file = null;
        }
        if (!deferred)
        {
            WalBufferIoMethods.DisableDeferredSync(file);
            return true;
        }
        if (WalBufferIoMethods.EnableDeferredSync(file)) return true;
        WriterConnection.Execute(connection, "PRAGMA checkpoint_fullfsync = 0");
        return false;
    }

    /// <summary>Completes what was handed over (one last fsync) and stops the thread; the writer has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.Pulse(_lock);
        }
        await _stopped.Task.ConfigureAwait(false);
        _wal?.Dispose();
    }
}
