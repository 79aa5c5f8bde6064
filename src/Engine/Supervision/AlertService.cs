using OneStop.Definitions;
using OneStop.Engine.Storage;
using OneStop.Engine.Supervision.Configuration;

namespace OneStop.Engine.Supervision;

/// <summary>The alert lifecycle over an <see cref="IAlertStore"/>. Changes are read-modify-write without a version
/// check: each transition happens once per alert (its outbox message id names the change), so a concurrent repeat is
/// refused by the outbox's unique ids rather than applied twice.</summary>
internal sealed class AlertService(ICaseStore store, AlertFactory factory, SupervisionConfiguration configuration, TimeProvider time) : IAlertService
{
    private IAlertStore Alerts => store as IAlertStore
        ?? throw new InvalidOperationException($"The store {store.GetType().Name} does not keep alerts (it does not implement IAlertStore).");

    /// <inheritdoc />
    public Task<Alert?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        return Alerts.GetAlertAsync(alertId, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Alerts.ListAlertsAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Alert> AcknowledgeAsync(string alertId, string actor, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var alert = await LoadAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (alert.Status == AlertStatus.Acknowledged) return alert;
        if (alert.Status == AlertStatus.Resolved) throw new AlertStateException(alertId, alert.Status, "acknowledged");
        var now = time.GetUtcNow();
        var changed = alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = now, AcknowledgedBy = actor, Note = note ?? alert.Note };
        await Alerts.WriteAlertsAsync([changed], [AlertFactory.Message(changed, nameof(AlertStatus.Acknowledged), now)], cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <inheritdoc />
    public async Task<Alert> ResolveAsync(string alertId, string actor, string note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        var alert = await LoadAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (alert.Status == AlertStatus.Resolved) throw new AlertStateException(alertId, alert.Status, "resolved again");
        var now = time.GetUtcNow();
        var changed = alert with
        {
            Status = AlertStatus.Resolved, ResolvedAt = now, ResolvedBy = actor, Note = note,
            AcknowledgedAt = alert.AcknowledgedAt ?? now, AcknowledgedBy = alert.AcknowledgedBy ?? actor,
        };
        await Alerts.WriteAlertsAsync([changed], [AlertFactory.Message(changed, nameof(AlertStatus.Resolved), now)], cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <inheritdoc />
    public async Task<int> RaiseOverdueAsync(CancellationToken cancellationToken = default)
    {
        configuration.Rules.TryGetValue(SupervisionRules.SupervisionOverdue, out var settings);
        if (!configuration.Enabled || settings?.Enabled == false) return 0;
        var level = settings?.Level ?? AlertLevel.Red;
        var raised = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var overdue = await Alerts.FindOverdueAlertsAsync(now, 100, cancellationToken).ConfigureAwait(false);
            if (overdue.Count == 0) return raised;
            foreach (var alert in overdue)
            {
                var escalated = alert with { Escalated = true };
                var red = factory.Create(alert.AlertId + ":overdue", alert.CaseNumber, alert.ItemCode, SupervisionRules.SupervisionOverdue, level,
                    alert.StepId, alert.Department, "system",
                    $"alert {alert.AlertId} ({alert.RuleId}, {alert.Level}) was not resolved by its 督办 due date {alert.SuperviseBy:yyyy-MM-dd HH:mm}Z", now);
                // The escalation itself gets no 督办 date of its own: it goes to the supervisors, not back to the department.
                red = red with { SuperviseBy = null };
                await Alerts.WriteAlertsAsync([escalated, red], [AlertFactory.Message(red, nameof(AlertStatus.Raised), now)], cancellationToken).ConfigureAwait(false);
                raised++;
            }
        }
    }

    private async Task<Alert> LoadAsync(string alertId, CancellationToken cancellationToken) =>
        await Alerts.GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false) ?? throw new AlertNotFoundException(alertId);
}
