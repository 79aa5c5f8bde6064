using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Copies the WAL back into the database file on its own connection and thread, so the writer's COMMIT
/// never pays for a checkpoint (SQLite's automatic checkpoint runs inside the commit that crosses the threshold).
/// PASSIVE checkpoints never block the writer or readers; the last one on close truncates the WAL.</summary>
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
        SqliteSchema.Execute(_connection, $"PRAGMA busy_timeout = {busyTimeoutMs}");
        SqliteSchema.Execute(_connection, $"PRAGMA synchronous = {synchronous}");
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Checkpoints run after each group commit, back to back while commits keep coming.</summary>
    public void Signal()
    {
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

    public long Checkpoints { get; private set; }

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
                SqliteSchema.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
                Checkpoints++;
            }
            catch (SqliteException)
            {
                // A checkpoint that cannot run now (busy) is simply retried after the next commit; nothing is lost.
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
