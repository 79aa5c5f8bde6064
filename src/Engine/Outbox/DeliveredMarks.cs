using OneStop.Engine.Storage;

namespace OneStop.Engine.Outbox;

/// <summary>Marks messages delivered while other deliveries of the same pass still run: one
/// <see cref="ICaseStore.MarkDeliveredAsync"/> write at a time, the ids that come in meanwhile going into the next one.
/// The writes then share the store's group commits with the commands those deliveries cause, and a drain's next read
/// finds the marked messages gone instead of reading them again (session 23, pool23).</summary>
internal sealed class DeliveredMarks(ICaseStore store)
{
    private readonly object _gate = new();
    private List<string> _waiting = [];
    private bool _writing;
    private Task _pump = Task.CompletedTask;

    /// <summary>Records that <paramref name="messageId"/> went out; starts a write unless one is running.</summary>
    public void Add(string messageId)
    {
        lock (_gate)
        {
            _waiting.Add(messageId);
            if (!_writing) StartPump();
        }
    }

    /// <summary>Completes once every id added so far is marked (or with the first failed write's exception).</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task pump;
            lock (_gate)
            {
                if (!_writing)
                {
                    if (_waiting.Count == 0) return;
                    StartPump();
                }
                pump = _pump;
            }
            await pump.ConfigureAwait(false);
        }
    }

    // Under _gate. The store is called on a pool thread, never under this lock: a store that completes a write inline
    // on its writer thread would otherwise run the pump's continuation into this lock while the writer holds its own.
    private void StartPump()
    {
        _writing = true;
        var batch = _waiting;
        _waiting = [];
        _pump = Task.Run(() => PumpAsync(batch));
    }

    private async Task PumpAsync(List<string> batch)
    {
        while (true)
        {
            // Cancellation does not stop a mark: what went out is recorded so it is not delivered again needlessly. A
            // failed write leaves _writing set, so FlushAsync rethrows it (the messages are then delivered again: at least once).
            await store.MarkDeliveredAsync(batch, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _waiting;
                _waiting = [];
            }
        }
    }
}
