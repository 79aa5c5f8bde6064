using System.Text.Json;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Lifecycle;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>Snapshots every <see cref="OneStopOptions.SnapshotInterval"/> events: which commits store one, and how a
/// case is rebuilt from the stored snapshot and the events after it when the cache does not have it.</summary>
internal sealed partial class CaseEngine
{
    /// <summary>True when a commit stores a snapshot (else the stored one is kept): when the case is filed, whenever it is
    /// closed (a closed case then never needs replaying, and it rarely changes again), and when it has moved
    /// <see cref="OneStopOptions.SnapshotInterval"/> events or more past the stored snapshot.</summary>
    private bool SnapshotDue(CaseSnapshot s, long previousVersion) =>
        previousVersion == 0 || LifecycleTable.IsClosed(s.State) || s.Version - s.StoredSnapshotVersion >= _options.SnapshotInterval;

    /// <summary>Rebuilds a case from the store: its stored snapshot (or an empty case when there is none) with the
    /// events after the snapshot applied, up to the row's version. A commit that lands after the row was read is not
    /// applied, so the result is exactly the case at <see cref="CaseRecord.Version"/>.</summary>
    /// <exception cref="StoreException">The snapshot or the log does not match the row (a damaged store).</exception>
    private async ValueTask<CaseSnapshot> RestoreAsync(CaseRecord record, FlowPlan plan, CancellationToken cancellationToken)
    {
        var caseNumber = record.CaseNumber;
        var s = record.Snapshot.IsEmpty
            ? new CaseSnapshot { CaseNumber = caseNumber }
            : JsonSerializer.Deserialize(record.Snapshot.Span, EngineJsonContext.Default.CaseSnapshot)
                ?? throw new StoreException($"Case {caseNumber} has an empty snapshot.", isTransient: false);
        if (s.Version != record.SnapshotVersion)
            throw new StoreException($"Case {caseNumber}: the stored snapshot is at version {s.Version}, but the row says {record.SnapshotVersion}.", isTransient: false);
        if (record.SnapshotVersion < record.Version)
        {
            var tail = await _store.ReadEventsAsync(caseNumber, record.SnapshotVersion, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < tail.Count && s.Version < record.Version; i++)
            {
                var r = tail[i];
                if (r.Sequence != s.Version + 1)
                    throw new StoreException($"Case {caseNumber}: event {s.Version + 1} is missing from the log (found {r.Sequence}).", isTransient: false);
                var e = JsonSerializer.Deserialize(r.Payload.Span, EngineJsonContext.Default.CaseEvent)
                    ?? throw new StoreException($"Case {caseNumber}: event {r.Sequence} has an empty payload.", isTransient: false);
                EventApplier.Apply(s, plan, e, r.At, r.Actor);
            }
            if (s.Version != record.Version)
                throw new StoreException($"Case {caseNumber} is at version {record.Version}, but its log ends at {s.Version}.", isTransient: false);
        }
        s.StoredSnapshotVersion = record.SnapshotVersion;
        return s;
    }

    /// <summary>The case as the store alone gives it (stored snapshot plus the events after it), bypassing the cache.</summary>
    internal async Task<CaseSnapshot> StoredSnapshotAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetCaseAsync(caseNumber, cancellationToken).ConfigureAwait(false) ?? throw new CaseNotFoundException(caseNumber);
        var plan = await _definitions.ForCaseAsync(record.ItemCode, record.ItemVersion, record.ContentHash, cancellationToken).ConfigureAwait(false);
        return await RestoreAsync(record, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A copy of the case as this engine last committed it, when the cache holds it at the stored version
    /// (tests compare it with what the store rebuilds).</summary>
    internal async Task<CaseSnapshot?> CachedSnapshotAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetCaseAsync(caseNumber, cancellationToken).ConfigureAwait(false) ?? throw new CaseNotFoundException(caseNumber);
        return _cache.TryCopy(caseNumber, record.Version, out var cached) ? cached : null;
    }
}
