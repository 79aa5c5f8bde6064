namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task WriteAlertsAsync(IReadOnlyList<Alert> alerts, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(outbox);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Checks first, so a refused write leaves nothing behind.
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var message in outbox)
            {
                ArgumentNullException.ThrowIfNull(message);
                if (IsCommitted(OutboxMessageKey.Parse(message.MessageId)) || !ids.Add(message.MessageId))
                    throw new StoreException($"Outbox message id {message.MessageId} was already committed.", isTransient: false);
            }
            foreach (var alert in alerts) _alerts[alert.AlertId] = alert;
            foreach (var message in outbox) Enqueue(message);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Alert?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        lock (_gate) return Task.FromResult(_alerts.GetValueOrDefault(alertId));
    }

    /// <inheritdoc />
    public Task<Page<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CaseCommitValidator.ValidatePaging(query.Offset, query.Limit);
        List<Alert> matches;
        lock (_gate)
        {
            matches = _alerts.Values.Where(a =>
                (query.CaseNumber is null || a.CaseNumber == query.CaseNumber)
                && (query.Status is null || a.Status == query.Status)
                && (query.Level is null || a.Level == query.Level)
                && (query.RuleId is null || a.RuleId == query.RuleId)).ToList();
        }
        matches.Sort(CompareAlerts);
        return Task.FromResult(new Page<Alert>(matches.Skip(query.Offset).Take(query.Limit).ToList(), matches.Count, query.Offset));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Alert>> FindOverdueAlertsAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Alert>>(_alerts.Values
                .Where(a => a.Status != AlertStatus.Resolved && !a.Escalated && a.SuperviseBy is { } by && by <= upTo)
                .OrderBy(a => a.SuperviseBy).ThenBy(a => a.AlertId, StringComparer.Ordinal).Take(limit).ToList());
        }
    }

    // Newest first; the id breaks ties so pages never overlap.
    private static int CompareAlerts(Alert x, Alert y)
    {
        var c = y.RaisedAt.CompareTo(x.RaisedAt);
        return c != 0 ? c : string.CompareOrdinal(x.AlertId, y.AlertId);
    }
}
