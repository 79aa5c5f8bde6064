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
        // One read transaction for a consistent picture; events are streamed in (case, sequence) order from the
        // primary key, merged with the case rows (also in case-number order), so memory holds one case at a time.
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var cases = connection.CreateCommand();
        cases.CommandText = "SELECT case_number, version, chain_head FROM cases ORDER BY case_number";
        using var events = connection.CreateCommand();
        events.CommandText = "SELECT case_number, sequence, type, at, actor, command_key, payload, hash FROM events ORDER BY case_number, sequence";
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
        return ReadAsync("read a case's chain", connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                SELECT version, chain_head FROM cases WHERE case_number = $c;
                SELECT case_number, sequence, type, at, actor, command_key, payload, hash FROM events WHERE case_number = $c ORDER BY sequence;
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

    private static EventRecord ReadEvent(SqliteDataReader r, string caseNumber) =>
        new(caseNumber, r.GetInt64(1), r.GetString(2), Instant(r, 3), r.GetString(4), r.GetString(5), Bytes(r, 6), Bytes(r, 7));
}
