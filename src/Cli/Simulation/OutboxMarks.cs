using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>Marks the messages the families delivered themselves (<see cref="FamilyOutbox"/>) as delivered, while the
/// families still run: the first ids start a <see cref="ICaseStore.MarkDeliveredAsync"/> write, ids added meanwhile go
/// into the next write when it ends, one write at a time. So the marks join the families' group commits instead of
/// being a commit alone at the end of the round (session 22: a third of the closing pass at 30k was its lone marks).
/// <see cref="FlushAsync"/> returns once every id added before it is written; the closing pass's outbox read must come
/// after it, or it would read those messages as pending and deliver them again. Thread-safe.</summary>
/// <param name="write">One mark write (the store's <see cref="ICaseStore.MarkDeliveredAsync"/>).</param>
internal sealed class OutboxMarks(Func<IReadOnlyList<string>, Task> write)
{
    /// <summary>Marks through <paramref name="store"/>.</summary>
    public OutboxMarks(ICaseStore store)
        : this(ids => store.MarkDeliveredAsync(ids, CancellationToken.None))
    {
    }

    private readonly Lock _gate = new();
    private List<string> _waiting = [];
    private Task? _writing;
    private Exception? _failed;

    /// <summary>Ids written so far.</summary>
    public long Marked { get; private set; }

    /// <summary>Writes started so far.</summary>
    public long Writes { get; private set; }

    /// <summary>Queues delivered message ids; starts a write when none runs.</summary>
    public void Add(IReadOnlyList<string> messageIds)
    {
        if (messageIds.Count == 0) return;
        lock (_gate)
        {
            _waiting.AddRange(messageIds);
            if (_writing is null && _failed is null) StartLocked();
        }
    }

    /// <summary>Waits until every id added so far is written. A failed write is rethrown here (its messages are still
    /// pending in the store, so the outbox would deliver them again: at least once, as the dispatcher's own marks).</summary>
    /// <exception cref="StoreException">A mark write failed.</exception>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task? writing;
            lock (_gate)
            {
                if (_failed is not null) throw new StoreException("Marking the families' delivered messages failed.", isTransient: false, _failed);
                if (_writing is null && _waiting.Count > 0) StartLocked();
                writing = _writing;
            }
            if (writing is null) return;
            await writing.ConfigureAwait(false);
        }
    }

    private void StartLocked()
    {
        var batch = _waiting;
        _waiting = [];
        Writes++;
        Marked += batch.Count;
        _writing = WriteAsync(batch);
    }

    private async Task WriteAsync(List<string> batch)
    {
        // Off the caller's flow: the write's continuation (the next write) must not run inside a family's chain.
        await Task.Yield();
        try
        {
            await write(batch).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _failed = ex;
                _writing = null;
            }
            return;
        }
        lock (_gate)
        {
            _writing = null;
            if (_waiting.Count > 0) StartLocked();
        }
    }
}
