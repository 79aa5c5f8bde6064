using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IAuditTrailStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<CaseChain> ReadChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // One read transaction for a consistent picture; events are streamed in (case number, sequence) order, merged with
        // the case rows (also in case-number order), so memory holds one case at a time. The event log is keyed by case
        // id: the CROSS JOIN makes SQLite walk case_ids in case-number order (its unique index) and read each case's
        // events from ux_events_case in sequence order, so nothing is sorted.
        using var connection = new SqliteConnection(_readers.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var cases = connection.CreateCommand();
        cases.CommandText = CaseScan;
        using var events = connection.CreateCommand();
        events.CommandText = EventScan;
        SqliteDataReader? caseReader = null, eventReader = null;
        try
        {
            caseReader = cases.ExecuteReader();
            eventReader = events.ExecuteReader();
            var hasCase = caseReader.Read();
            var hasEvent = eventReader.Read();
            while (hasCase || hasEvent)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var caseNumber = hasCase ? caseReader.GetString(0) : null;
                var eventCase = hasEvent ? eventReader.GetString(0) : null;
                var next = caseNumber is null ? eventCase! : eventCase is null ? caseNumber : string.CompareOrdinal(caseNumber, eventCase) <= 0 ? caseNumber : eventCase;
                var withRow = string.Equals(caseNumber, next, StringComparison.Ordinal);
                var version = withRow ? caseReader.GetInt64(1) : 0;
                var head = withRow ? Bytes(caseReader, 2) : [];
                var list = new List<EventRecord>();
                while (hasEvent && string.Equals(eventReader.GetString(0), next, StringComparison.Ordinal))
                {
                    list.Add(ReadEvent(eventReader, next));
                    hasEvent = eventReader.Read();
                }
                if (withRow) hasCase = caseReader.Read();
                yield return new CaseChain(next, withRow, version, head, list);
            }
        }
        finally
        {
            eventReader?.Dispose();
            caseReader?.Dispose();
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<CaseChain?> ReadChainAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseNumber);
        return ReadConnectionAsync("read a case's chain", connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                SELECT version, chain_head FROM cases WHERE case_id = (SELECT case_id FROM case_ids WHERE case_number = $c);
                SELECT k.case_number, e.sequence, e.type, e.at, e.actor, e.command_key, e.payload, e.hash
                  FROM case_ids k JOIN events e ON e.case_id = k.case_id WHERE k.case_number = $c ORDER BY e.sequence;
                """;
            command.Parameters.AddWithValue("$c", caseNumber);
            using var reader = command.ExecuteReader();
            var withRow = reader.Read();
            var version = withRow ? reader.GetInt64(0) : 0;
            var head = withRow ? Bytes(reader, 1) : [];
            reader.NextResult();
            var list = new List<EventRecord>();
            while (reader.Read()) list.Add(ReadEvent(reader, caseNumber));
            return withRow || list.Count > 0 ? new CaseChain(caseNumber, withRow, version, head, list) : null;
        }, cancellationToken);
    }

    /// <summary>Every case row in case-number order. Rows are keyed by case id (schema 8): those whose id names their
    /// number are walked through case_ids' index like the events, so nothing large is sorted; a row whose id does not
    /// (only when case_ids was edited) comes from the second scan, sorted with the few like it, so that it still shows
    /// up in the audit (without its events).</summary>
    internal const string CaseScan =
        "SELECT k.case_number, c.version, c.chain_head FROM case_ids k CROSS JOIN cases c ON c.case_id = k.case_id WHERE c.case_number = k.case_number " +
        "UNION ALL SELECT c.case_number, c.version, c.chain_head FROM cases c " +
        "WHERE NOT EXISTS (SELECT 1 FROM case_ids k WHERE k.case_id = c.case_id AND k.case_number = c.case_number) ORDER BY 1";

    /// <summary>Every event in (case number, sequence) order without a sort (see <see cref="ReadChainsAsync"/>).</summary>
    internal const string EventScan =
        "SELECT k.case_number, e.sequence, e.type, e.at, e.actor, e.command_key, e.payload, e.hash " +
        "FROM case_ids k CROSS JOIN events e ON e.case_id = k.case_id ORDER BY k.case_number, e.sequence";

    private static EventRecord ReadEvent(SqliteDataReader r, string caseNumber) =>
        new(caseNumber, r.GetInt64(1), r.GetString(2), Instant(r, 3), r.GetString(4), r.GetString(5), Bytes(r, 6), Bytes(r, 7));
}
