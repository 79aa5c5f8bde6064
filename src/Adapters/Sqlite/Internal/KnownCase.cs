using OneStop.Engine.Statistics;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>What the writer last committed for a case: its id in <c>case_ids</c> (the event log's key), the version and
/// the indexed mutable columns, the open task rows, and the rowid of its last event (the head of its chain, schema 9). When the next commit expects exactly this version, the writer updates only the columns that changed and only
/// the task rows that changed, so untouched indexes are not rewritten.</summary>
internal sealed record KnownCase(long CaseId, long Version, string State, string? Outcome, long? ConcludedAt, long? EarliestDue, CaseMetrics? Metrics, TaskRecord[] Tasks, long? LastEvent);
