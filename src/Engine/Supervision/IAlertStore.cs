namespace OneStop.Engine.Storage;

/// <summary>Alert persistence, implemented by stores that keep supervision alerts (in-memory, SQLite). Alerts raised
/// by a command travel in <see cref="CaseCommit.Alerts"/> and commit with its events; this interface adds the writes
/// that change no case (a refused attempt, an acknowledgement, a resolution) and the queries.</summary>
public interface IAlertStore
{
    /// <summary>Upserts alerts (by id) and enqueues outbox messages, atomically.</summary>
    /// <exception cref="StoreException">An outbox message id was already committed (not transient), or the store failed.</exception>
    Task WriteAlertsAsync(IReadOnlyList<Alert> alerts, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default);

    /// <summary>One alert by id, or null.</summary>
    Task<Alert?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Alerts matching a query, newest first (then by id).</summary>
    Task<Page<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Unresolved, not yet escalated alerts whose 督办 due date is at or before <paramref name="upTo"/>, earliest first.</summary>
    Task<IReadOnlyList<Alert>> FindOverdueAlertsAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default);
}
