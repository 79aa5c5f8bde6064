using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Group commit: every write is queued to one long-running writer task, which takes whatever is waiting
/// (up to the batch size) and writes it in one IMMEDIATE transaction with a SAVEPOINT per request. A request that
/// fails rolls back only its savepoint, so only its caller sees the error; the others commit together and pay for
/// one fsync between them.</summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly WriterSession _session;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private long _batches;
    private int _sinceCheckpoint;

    /// <summary>Writes between two WAL checkpoints (each command dirties a handful of pages, so the WAL stays at a few MB).</summary>
    internal const int CheckpointEvery = 1000;

    private readonly WalCheckpointer? _checkpointer;

    public GroupCommitWriter(WriterSession session, int maxBatch, WalCheckpointer? checkpointer)
    {
        _session = session;
        _checkpointer = checkpointer;
        _maxBatch = maxBatch;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The rows the writer committed last (see <see cref="CommittedRows"/>).</summary>
    public CommittedRows Rows => _session.Rows;

    /// <summary>Transactions written so far (for tests and diagnostics).</summary>
    public long BatchCount => Interlocked.Read(ref _batches);

    /// <summary>Queues work and waits for its own outcome.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<object?> EnqueueAsync(Func<WriterSession, object?> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest(work, cancellationToken);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(SqliteCaseStore), "The SQLite store is closed.");
        return request.Completion;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteRequest>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var request))
            {
                // A caller that gave up before its turn is not written at all.
                if (request.CancellationToken.IsCancellationRequested) request.Cancel();
                else batch.Add(request);
            }
            if (batch.Count == 0) continue;
            WriteBatch(batch);
            Interlocked.Increment(ref _batches);
            // A checkpoint copies the WAL into the database and fsyncs it, competing with the writer's own fsync; so it
            // runs once per thousand or so writes rather than after every group.
            _sinceCheckpoint += batch.Count;
            if (_sinceCheckpoint >= CheckpointEvery)
            {
                _sinceCheckpoint = 0;
                _checkpointer?.Signal();
            }
            foreach (var request in batch) request.Finish();
        }
    }

    private void WriteBatch(List<WriteRequest> batch)
    {
        var connection = _session.Connection;
        try
        {
            _session.BeginTransaction();
        }
        catch (SqliteException ex)
        {
            var error = SqliteErrors.ToStoreException(ex, "begin a write transaction");
            foreach (var request in batch) request.Error = error;
            return;
        }
        try
        {
            // A lone request needs no savepoint: on failure the whole transaction is rolled back instead.
            var single = batch.Count == 1;
            foreach (var request in batch)
            {
                if (!single) _session.Savepoint();
                try
                {
                    request.Result = request.Work(_session);
                    if (!single) _session.ReleaseSavepoint();
                }
                catch (Exception ex)
                {
                    request.Error = SqliteErrors.Wrap(ex, "write");
                    if (single) throw new RequestFailedException();
                    // If SQLite already aborted the whole transaction (I/O error, disk full), ROLLBACK TO fails
                    // and the outer handler fails the entire batch, which is then the truth.
                    _session.RollbackToSavepoint();
                }
            }
            _session.CommitTransaction();
        }
        catch (RequestFailedException)
        {
            TryRollback(connection);
        }
        catch (Exception ex)
        {
            TryRollback(connection);
            var error = ex is SqliteException sqlite ? SqliteErrors.ToStoreException(sqlite, "commit") : ex;
            // Nothing of this batch was committed: every caller learns so, including those whose part went well.
            foreach (var request in batch)
            {
                request.Result = null;
                request.Error ??= error;
            }
        }
    }

    private static void TryRollback(SqliteConnection connection)
    {
        try
        {
            SqliteSchema.Execute(connection, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction is active: SQLite rolled it back on its own already; nothing more to undo.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _session.Dispose();
        if (_checkpointer is not null) await _checkpointer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Unwinds a single-request batch whose error is already recorded on the request.</summary>
    private sealed class RequestFailedException : Exception;
}
