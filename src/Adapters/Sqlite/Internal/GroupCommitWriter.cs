using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Group commit: writes are queued to one writer thread, which takes whatever is waiting (up to the
/// batch size) and writes it in one IMMEDIATE transaction; each caller gets its own outcome, and they pay for one fsync
/// between them. A commit that finds the writer idle and nothing queued may be written at once on its caller's thread
/// (<see cref="WriteAsync"/>), under the same gate, when the write lock is free right now.
/// <para>Failure isolation: a request that may fail after writing runs in a SAVEPOINT of its own, rolled back alone on
/// failure. A request that refuses cleanly (<see cref="WriteRequest.RefusesCleanly"/>: a version conflict or a repeated
/// idempotency key is found before it writes anything) runs without one, which spares a SAVEPOINT/RELEASE pair and the
/// copy of every page it dirties into the savepoint journal. If such a request fails in any other way, what it wrote is
/// unknown: the whole transaction is rolled back and the group written again with a savepoint per request.</para></summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    // The queue, and how the writer thread sleeps on it: it sets _sleeping, looks at the queue once more and waits on
    // _wake; a caller that queues a request after the writer set _sleeping pulses it (both sides use full fences, so
    // either the writer sees the request or the caller sees _sleeping).
    private readonly ConcurrentQueue<WriteRequest> _queue = new();
    private readonly object _wake = new();
    private int _sleeping;
    // Set once the writer thread has stopped taking requests (after the store closed).
    private int _stopped;
    private readonly WriterSession _session;
    private readonly int _maxBatch;
    private readonly TaskCompletionSource _loop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _batches;
    private long _regroups;
    private int _sinceCheckpoint;

    // Whoever writes holds the gate: the loop while it drains the queue, or a caller writing its commit inline.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<WriteRequest> _inline = new(1);
    private volatile bool _closed;
    // Requests in the channel (an unbounded single-reader channel does not count them).
    private int _queued;
    // Requests in the last group written. Commits are written inline only after a group of one: while callers overlap,
    // a caller that happened to find the writer idle for a moment would otherwise pay an fsync alone (and make the
    // others queue behind it), where the next group shares one.
    private int _lastGroup;

    /// <summary>Writes between two WAL checkpoints under a queue. A simulator command writes ≈ 13 WAL frames, so 5,000
    /// writes are about one 64 MB restart cycle (<see cref="WalCheckpointer.RestartFrames"/>): each checkpoint then copies
    /// a page back once per cycle, where checkpoints every 1,000 writes copied hot pages up to five times, each 1 KB page
    /// a 4 KB block written and synced (100k simulated cases: the checkpointer's writes 40.6 → 30.0 GB, its CPU −29 %).</summary>
    internal const int CheckpointEvery = 5000;

    private readonly WalCheckpointer? _checkpointer;
    private readonly WalSync? _sync;
    // The sequence number of the group being written (pipelined sync).
    private long _sequence;

    /// <param name="session">The writer connection.</param>
    /// <param name="maxBatch">Most requests in one group.</param>
    /// <param name="checkpointer">The background checkpointer, if any.</param>
    /// <param name="sync">With pipelined sync: the sync thread that completes each group after an fsync that covers it
    /// (the session's WAL defers its commit syncs); null: each COMMIT syncs the WAL itself and the group completes at once.</param>
    public GroupCommitWriter(WriterSession session, int maxBatch, WalCheckpointer? checkpointer, WalSync? sync = null)
    {
        _session = session;
        _checkpointer = checkpointer;
        _sync = sync;
        _maxBatch = maxBatch;
        // A thread of its own, not the pool's: woken by a request, it runs at once, instead of queueing behind the callers'
        // own work items in the pool (64 simulator drivers kept it waiting ~3 ms per group), and its fsyncs block no
        // pool worker.
        var thread = new Thread(Run) { IsBackground = true, Name = "OneStop writer" };
        thread.Start();
    }

    /// <summary>How the writer keeps the WAL short while commits come one at a time (see <see cref="WalCycle"/>).</summary>
    public WalCycle Wal { get; } = new();

    /// <summary>The background checkpointer the WAL cycle signals (tests: to let it finish a pass), if any.</summary>
    internal WalCheckpointer? Checkpointer => _checkpointer;

    /// <summary>The sync thread of pipelined sync; null when each COMMIT syncs the WAL itself.</summary>
    internal WalSync? Sync => _sync;

    /// <summary>The writer's session (tests: after the store closed, what it left on its connection).</summary>
    internal WriterSession Session => _session;

    /// <summary>The rows the writer committed last (see <see cref="CommittedRows"/>).</summary>
    public CommittedRows Rows => _session.Rows;

    /// <summary>Transactions written so far (for tests and diagnostics).</summary>
    public long BatchCount => Interlocked.Read(ref _batches);

    /// <summary>Groups written a second time, with a savepoint per request, after a request without one failed
    /// unexpectedly (for tests and diagnostics).</summary>
    public long RegroupCount => Interlocked.Read(ref _regroups);

    /// <summary>Transactions written on a caller's thread (for tests and diagnostics).</summary>
    public long InlineCount => Interlocked.Read(ref _inlineCount);
    private long _inlineCount;

    /// <summary>Whether an idle writer's commit may be written on its caller's thread. Off by default: in the engine
    /// benchmark's sequential loop it spares two hand-offs and most context switches (~18 k against ~28 k per run, 2 k
    /// against 105 k sched_yield), yet EngineSequential was slower on average (mean 520 against 398 µs per action over four
    /// alternated pairs) and in two other runs its COMMITs took 2.37 / 2.35 s against 1.74 / 1.91 s for the same 2,269:
    /// presumably, on this VM, the pool workers that spin between hand-offs keep the virtual CPUs awake for the fsync's
    /// completion.
    /// Kept, with its tests, for hosts where that differs (docs/performance/sqlite.md, rounds commit5 and sqlite6).</summary>
    internal bool InlineCommits { get; set; }

    /// <summary>With pipelined sync, whether the writer fsyncs a group itself when no request is queued behind it and the
    /// sync thread is idle (default; tests turn it off to hold the sync thread with a lone commit).</summary>
    internal bool SyncWhenIdle { get; set; } = true;

    /// <summary>Queues work and waits for its own outcome. The work runs in a savepoint of its own and never on the
    /// caller's thread.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<object?> EnqueueAsync(Func<WriterSession, object?> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new WriteRequest(work, cancellationToken));
    }

    /// <summary>Writes a request that refuses cleanly (see <see cref="WriteRequest.RefusesCleanly"/>). When the last group
    /// was a single request (callers are not overlapping), nothing is queued, no group is being written and the file's
    /// write lock is free at this instant, it is written at once on the caller's thread: the caller then finds its
    /// outcome ready instead of waiting for two thread hops (to the writer and back), most of a lone caller's overhead
    /// over a plain transaction. It never waits on the caller's thread for a lock someone else holds (the write lock is
    /// tried without SQLite's busy wait); otherwise it is queued.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<object?> WriteAsync(CaseCommit commit, (ReadOnlyMemory<byte> Stored, long? Size) snapshot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_sync?.Failure is { } failure) return Task.FromException<object?>(failure);
        var request = new WriteRequest(commit, snapshot, cancellationToken);
        if (InlineCommits && Volatile.Read(ref _lastGroup) <= 1 && Volatile.Read(ref _queued) == 0 && !_closed && _gate.Wait(0))
        {
            var written = false;
            try
            {
                if (!_closed && _session.TryBeginTransactionNow())
                {
                    _inline.Add(request);
                    WriteGroup(_inline, begun: true);
                    _inline.Clear();
                    Interlocked.Increment(ref _inlineCount);
                    written = true;
                }
            }
            finally
            {
                _gate.Release();
            }
            if (written) return request.Completion;
        }
        return Enqueue(request);
    }

    private Task<object?> Enqueue(WriteRequest request)
    {
        if (_closed) throw new ObjectDisposedException(nameof(SqliteCaseStore), "The SQLite store is closed.");
        if (_sync?.Failure is { } failure) return Task.FromException<object?>(failure);
        _queue.Enqueue(request);
        Interlocked.Increment(ref _queued);
        if (Volatile.Read(ref _sleeping) != 0)
        {
            lock (_wake) Monitor.Pulse(_wake);
        }
        if (Volatile.Read(ref _stopped) != 0) RefuseLate();
        return request.Completion;
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(_maxBatch);
        try
        {
            while (WaitForWork())
            {
                _gate.Wait();
                try
                {
                    // Drain while holding the gate, so no caller writes inline while requests are waiting.
                    while (true)
                    {
                        batch.Clear();
                        while (batch.Count < _maxBatch && _queue.TryDequeue(out var request))
                        {
                            Interlocked.Decrement(ref _queued);
                            // A caller that gave up before its turn is not written at all.
                            if (request.CancellationToken.IsCancellationRequested) request.Cancel();
                            else batch.Add(request);
                        }
                        if (batch.Count == 0) break;
                        WriteGroup(batch, begun: false);
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
            _loop.TrySetResult();
        }
        catch (Exception ex)
        {
            _loop.TrySetException(ex);
        }
    }

    /// <summary>Refuses what is still queued after the writer stopped: a caller that passed the closed check just before
    /// the store closed. Either the writer's last look or the caller's own look after queueing (<see cref="Enqueue"/>) finds it.</summary>
    private void RefuseLate()
    {
        while (_queue.TryDequeue(out var late))
        {
            Interlocked.Decrement(ref _queued);
            late.TrySetException(new ObjectDisposedException(nameof(SqliteCaseStore), "The SQLite store is closed."));
        }
    }

    /// <summary>Waits until a request is queued; false once the writer is closed and the queue is empty.</summary>
    private bool WaitForWork()
    {
        while (true)
        {
            if (!_queue.IsEmpty) return true;
            if (_closed)
            {
                Interlocked.Exchange(ref _stopped, 1);
                RefuseLate();
                return false;
            }
            lock (_wake)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                if (_queue.IsEmpty && !_closed) Monitor.Wait(_wake);
                Interlocked.Exchange(ref _sleeping, 0);
            }
        }
    }

    /// <summary>Writes one group and tells its callers; only the holder of the gate calls it.</summary>
    private void WriteGroup(List<WriteRequest> batch, bool begun)
    {
        Volatile.Write(ref _lastGroup, batch.Count);
        if (_sync is null)
        {
            WriteBatch(batch, begun);
            Interlocked.Increment(ref _batches);
            foreach (var request in batch) request.Finish();
        }
        else
        {
            if (_sync.Failure is { } failure)
            {
                // The file may be behind what readers saw: nothing more is written.
                if (begun) TryRollback(_session);
                foreach (var request in batch) request.TrySetException(failure);
                return;
            }
            // Numbered before its COMMIT, so a reader that sees the commit waits for its fsync.
            var sequence = _sequence = _sync.BeginGroup();
            WriteBatch(batch, begun);
            Interlocked.Increment(ref _batches);
            // A commit written on its caller's thread is done when the call returns: it syncs there. So does the
            // writer when nothing waits for it and the sync thread is idle (a lone caller): handing over would only add a
            // thread hop before the same fsync.
            if (begun || (SyncWhenIdle && Volatile.Read(ref _queued) == 0 && _sync.Idle)) _sync.SyncInline(batch, sequence);
            else _sync.HandOff(batch, sequence);
        }
        _sinceCheckpoint += batch.Count;
        if (_checkpointer is null) return;
        // Commits one at a time keep the WAL short (below); under a queue, a checkpoint once per five thousand or so writes (it
        // copies the WAL into the database and fsyncs it, competing with the writer's own fsync).
        if (_session.Rows.TryReadWalFrames(out var frames) && Wal.KeepShort(_session, _checkpointer, frames, batch.Count, Volatile.Read(ref _queued))) return;
        if (_sinceCheckpoint >= CheckpointEvery)
        {
            _sinceCheckpoint = 0;
            _checkpointer.Signal();
        }
    }

    // The group's transaction is decided when this returns: its commits are dropped (WriteRequest.Release) before
    // their callers wait for the fsync.
    private void WriteBatch(List<WriteRequest> batch, bool begun)
    {
        try
        {
            WriteBatchOnce(batch, begun);
        }
        finally
        {
            foreach (var request in batch) request.Release();
        }
    }

    private void WriteBatchOnce(List<WriteRequest> batch, bool begun)
    {
        if (!begun && !Begin(batch)) return;
        if (TryWriteBatch(batch, savepointEach: false)) return;
        // A request without a savepoint failed in a way that may have left some of its rows: the transaction is rolled
        // back, and the group written again with a savepoint per request, which isolates that failure.
        Interlocked.Increment(ref _regroups);
        foreach (var request in batch)
        {
            request.Result = null;
            request.Error = null;
        }
        if (Begin(batch)) TryWriteBatch(batch, savepointEach: true);
    }

    private bool Begin(List<WriteRequest> batch)
    {
        try
        {
            _session.BeginTransaction();
            return true;
        }
        catch (SqliteException ex)
        {
            var error = SqliteErrors.ToStoreException(ex, "begin a write transaction");
            foreach (var request in batch) request.Error = error;
            return false;
        }
    }

    /// <summary>Runs the group inside the open transaction and commits it. False (rolled back, nothing recorded) only
    /// when a request without a savepoint failed other than by a clean refusal.</summary>
    private bool TryWriteBatch(List<WriteRequest> batch, bool savepointEach)
    {
        try
        {
            // A lone request needs no savepoint: on failure the whole transaction is rolled back instead.
            var single = batch.Count == 1;
            foreach (var request in batch)
            {
                var savepoint = !single && (savepointEach || !request.RefusesCleanly);
                if (savepoint) _session.Savepoint();
                try
                {
                    request.Result = request.Run(_session);
                    if (savepoint) _session.ReleaseSavepoint();
                }
                catch (Exception ex)
                {
                    if (single)
                    {
                        request.Error = SqliteErrors.Wrap(ex, "write");
                        throw new RequestFailedException();
                    }
                    if (savepoint)
                    {
                        request.Error = SqliteErrors.Wrap(ex, "write");
                        // If SQLite already aborted the whole transaction (I/O error, disk full), ROLLBACK TO fails
                        // and the outer handler fails the entire batch, which is then the truth.
                        _session.RollbackToSavepoint();
                    }
                    else if (ex is ConcurrencyException or DuplicateCommandException)
                    {
                        // Refused before it wrote anything: the others go on in the same transaction.
                        request.Error = ex;
                    }
                    else
                    {
                        TryRollback(_session);
                        return false;
                    }
                }
            }
            _sync?.Publishing(_sequence);
            _session.CommitTransaction();
        }
        catch (RequestFailedException)
        {
            TryRollback(_session);
        }
        catch (Exception ex)
        {
            TryRollback(_session);
            var error = ex is SqliteException sqlite ? SqliteErrors.ToStoreException(sqlite, "commit") : ex;
            // Nothing of this batch was committed: every caller learns so, including those whose part went well.
            foreach (var request in batch)
            {
                request.Result = null;
                request.Error ??= error;
            }
        }
        return true;
    }

    private static void TryRollback(WriterSession session)
    {
        try
        {
            session.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction is active: SQLite rolled it back on its own already; nothing more to undo.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        lock (_wake) Monitor.Pulse(_wake);
        await _loop.Task.ConfigureAwait(false);
        // A caller may still be writing inline; the session closes only after it.
        await _gate.WaitAsync().ConfigureAwait(false);
        if (_sync is not null)
        {
            await _sync.DisposeAsync().ConfigureAwait(false);
            // SQLite's last checkpoint on close syncs for real anyway (checkpoint flags); this makes every sync real.
            WalSync.SetDeferred(_session.Connection, false);
        }
        _session.Dispose();
        if (_checkpointer is not null) await _checkpointer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Unwinds a single-request batch whose error is already recorded on the request.</summary>
    private sealed class RequestFailedException : Exception;
}
