using System.Collections.Concurrent;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Idle read-only sessions, reused so that reads neither reopen connections nor recompile statements. In WAL
/// mode readers never block the writer (nor it them); each read is one short statement, so no reader holds a snapshot
/// that would keep a checkpoint from finishing.</summary>
internal sealed class ReaderPool(string connectionString, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<ReaderSession> _idle = [];

    /// <summary>The read-only connection string, for readers that stream outside the pool.</summary>
    public string ConnectionString => connectionString;
    private int _idleCount;
    private volatile bool _disposed;

    public ReaderSession Rent()
    {
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }
        return new ReaderSession(connectionString);
    }

    public void Return(ReaderSession session)
    {
        if (session.StatementCount > ReaderSession.MaxStatements)
        {
            session.Dispose();
            return;
        }
        if (_disposed || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            if (!_disposed) Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }
        _idle.Add(session);
        // Closed while this session was being returned: make sure it does not outlive the store.
        if (_disposed) Drain();
    }

    /// <summary>The SQL of every statement the idle sessions have prepared (tests).</summary>
    internal IEnumerable<string> IdlePreparedSql => _idle.SelectMany(s => s.PreparedSql).ToList();

    /// <summary>Recompilations of the idle sessions' statements so far (tests).</summary>
    internal int IdleReprepares => _idle.Sum(s => s.Reprepares);

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var session)) session.Dispose();
    }
}
