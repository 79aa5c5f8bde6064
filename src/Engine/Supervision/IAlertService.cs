using OneStop.Engine.Storage;

namespace OneStop.Engine;

/// <summary>Supervisors' side of alerts: query them and move them through their lifecycle (raised → acknowledged →
/// resolved). Each change is stored and sent to the <see cref="ISupervisionSink"/>s through the outbox. Resolve it
/// from DI after <c>AddOneStop</c>; it needs a store that implements <see cref="IAlertStore"/> (in-memory and SQLite do).</summary>
public interface IAlertService
{
    /// <summary>One alert, or null.</summary>
    Task<Alert?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Alerts matching a query, newest first.</summary>
    Task<Page<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>签收: takes up a raised alert. Acknowledging an already acknowledged alert changes nothing.</summary>
    /// <exception cref="AlertNotFoundException">No such alert.</exception>
    /// <exception cref="AlertStateException">The alert is already resolved.</exception>
    Task<Alert> AcknowledgeAsync(string alertId, string actor, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>办结: resolves a raised or acknowledged alert, with a note saying what was done.</summary>
    /// <exception cref="AlertNotFoundException">No such alert.</exception>
    /// <exception cref="AlertStateException">The alert is already resolved.</exception>
    Task<Alert> ResolveAsync(string alertId, string actor, string note, CancellationToken cancellationToken = default);

    /// <summary>Raises a Red <c>time.supervision-overdue</c> alert, once, for every unresolved alert whose 督办 due date
    /// is at or before now, and returns how many were raised. The supervision worker calls it periodically; tests and
    /// batch hosts call it by hand.</summary>
    Task<int> RaiseOverdueAsync(CancellationToken cancellationToken = default);
}
