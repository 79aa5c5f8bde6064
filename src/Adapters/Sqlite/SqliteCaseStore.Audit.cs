using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Audit;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IAuditTrailStore, IIntactProof
{
    /// <summary>Events per part below which the one-pass proof is not split (a part's connection and its take-ups cost
    /// more than a second core saves; a 10,000-case simulation writes about 330,000 events).</summary>
    internal const long MinProofPartEvents = 65_536;

    /// <summary>How many parts the one-pass proof is split into (null: one per processor, each of at least
    /// <see cref="MinProofPartEvents"/> events). Tests set it to split even a small file.</summary>
    internal int? ProofParts { get; set; }

    /// <inheritdoc />
    async Task<VerificationReport?> IIntactProof.TryProveIntactAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            // Connections of its own, as the chains' read: long read transactions, never a pooled reader's small cache.
            using var readers = new SharedSnapshot(_readers.ConnectionString);
            return await ProveAsync(readers, ProofParts, singlePassAfter: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.ToStoreException(ex, "verify the record");
        }
    }

    /// <summary>The one-pass proof in <paramref name="parts"/> parts (null: as many as <see cref="ProofParts"/> would
    /// give), without the single pass after it: null when the parts do not show the file intact (tests compare it with
    /// the single pass's answer).</summary>
    internal async Task<VerificationReport?> ProveInPartsAsync(int? parts, CancellationToken cancellationToken)
    {
        using var readers = new SharedSnapshot(_readers.ConnectionString);
        return await ProveAsync(readers, parts, singlePassAfter: false, cancellationToken).ConfigureAwait(false);
    }

    // The event table cut into disjoint rowid ranges, each read on a connection of its own on one core: the pass is bound
    // by the CPU (SQLite's page reads and the hashing), and at the end of a simulation or in `onestop verify` nothing
    // else uses the other cores. All connections read the first one's picture. One part is the single pass.
    private static async Task<VerificationReport?> ProveAsync(SharedSnapshot readers, int? parts, bool singlePassAfter, CancellationToken cancellationToken)
    {
        // The first read takes the picture every part reads.
        if (IntactScan.CaseCounts(readers.First) is not { } counts) return null;
        if (IntactScan.Bounds(readers.First) is not { } bounds) return IntactPart.Join([], counts);
        var span = bounds.Last - bounds.First + 1;
        var count = (int)Math.Min(parts ?? Math.Min(Environment.ProcessorCount, span / MinProofPartEvents), span);
        if (count > 1)
        {
            // Without a WAL snapshot to share: events are only ever appended, and every commit that changes what the parts
            // read (a case row's version or head) appends events, so the same last rowid means the same picture.
            if (readers.Share(count - 1, other => IntactScan.Bounds(other) == bounds) is { } others
                && await ScanPartsAsync(readers.First, others, bounds, count, cancellationToken).ConfigureAwait(false) is { } done
                && IntactPart.Join(done, counts) is { } intact)
                return intact;
            // Not shown in parts (a case the parts could not join, or no shared picture): the single pass decides, so the
            // answer never depends on where the table was cut.
            if (!singlePassAfter) return null;
        }
        return IntactScan.Scan(readers.First, bounds.First, bounds.Last, cancellationToken) is { } whole ? IntactPart.Join([whole], counts) : null;
    }

    // Every part, each on its own connection and a pool thread; null when any of them meets what is not an intact chain.
    private static async Task<IntactPart[]?> ScanPartsAsync(Func<string, RawStatement> first, IReadOnlyList<Func<string, RawStatement>> others,
        (long First, long Last) bounds, int count, CancellationToken cancellationToken)
    {
        var width = (bounds.Last - bounds.First + 1) / count;
        var scans = new Task<IntactPart?>[count];
        for (var k = 0; k < count; k++)
        {
            var from = bounds.First + k * width;
            var to = k == count - 1 ? bounds.Last : from + width - 1;
            var statement = k == 0 ? first : others[k - 1];
            scans[k] = Task.Run(() => IntactScan.Scan(statement, from, to, cancellationToken), cancellationToken);
        }
        var done = await Task.WhenAll(scans).ConfigureAwait(false);
        return done.Any(p => p is null) ? null : Array.ConvertAll(done, p => p!);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CaseChain> ReadChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // One read transaction for a consistent picture; the case rows and the case numbers with an id (the event log's
        // key) are both walked in case-number order and merged, and each case's events are read as its chain (schema 9,
        // EventChain), so memory holds one case at a time and nothing is sorted (unless rows were added by hand: see
        // UnaccountedCases).
        using var connection = new SqliteConnection(_readers.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var unaccounted = UnaccountedCases(connection);
        // The read transaction's picture is taken (its first read): nothing of it leaves before it is durable.
        if (_writer.Sync is { } sync) await sync.WaitAsync(sync.Published).ConfigureAwait(false);
        using var cases = connection.CreateCommand();
        cases.CommandText = CaseScan;
        using var ids = connection.CreateCommand();
        ids.CommandText = EventScan;
        using var statements = new StatementCache(connection);
        SqliteDataReader? caseReader = null, idReader = null;
        try
        {
            caseReader = cases.ExecuteReader();
            idReader = ids.ExecuteReader();
            var hasCase = caseReader.Read();
            var hasId = idReader.Read();
            while (hasCase || hasId)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var caseNumber = hasCase ? caseReader.GetString(0) : null;
                var idCase = hasId ? idReader.GetString(0) : null;
                var next = caseNumber is null ? idCase! : idCase is null ? caseNumber : string.CompareOrdinal(caseNumber, idCase) <= 0 ? caseNumber : idCase;
                var withRow = string.Equals(caseNumber, next, StringComparison.Ordinal);
                var version = withRow ? caseReader.GetInt64(1) : 0;
                var head = withRow ? Bytes(caseReader, 2) : [];
                List<EventRecord> list = [];
                if (string.Equals(idCase, next, StringComparison.Ordinal))
                {
                    var caseId = idReader.GetInt64(1);
                    list = unaccounted is not null && unaccounted.Contains(caseId)
                        ? EventChain.Scan(statements.Get, caseId, 0, r => ReadEvent(r, next))
                        : EventChain.Read(statements.Get, caseId, 0, r => ReadEvent(r, next));
                    hasId = idReader.Read();
                }
                if (withRow) hasCase = caseReader.Read();
                if (withRow || list.Count > 0) yield return new CaseChain(next, withRow, version, head, list);
            }
        }
        finally
        {
            idReader?.Dispose();
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
            using var statements = new StatementCache(connection);
            if (statements.Get(CaseIdByNumber).Text(1, caseNumber).ScalarInt64() is not { } caseId) return null;
            var row = statements.Get("SELECT version, chain_head FROM cases WHERE case_id = ?1")
                .Int(1, caseId).ReadFirst<(long Version, byte[] Head)?>(r => (r.Int64(0), r.Bytes(1)), null);
            var list = EventChain.Read(statements.Get, caseId, 0, r => ReadEvent(r, caseNumber));
            return row is not null || list.Count > 0 ? new CaseChain(caseNumber, row is not null, row?.Version ?? 0, row?.Head ?? [], list) : null;
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

    /// <summary>Every case number with an id (the event log's key), in case-number order without a sort (see
    /// <see cref="ReadChainsAsync"/>); each case's events are then read as its chain.</summary>
    internal const string EventScan = "SELECT case_number, case_id FROM case_ids ORDER BY case_number";

    /// <summary>Whether the event log holds exactly one row per version of the case rows.</summary>
    internal const string EventsAddUp = "SELECT (SELECT count(*) FROM events) = (SELECT coalesce(sum(version), 0) FROM cases)";

    /// <summary>The cases whose rows in the event log do not number their case row's version (or have no case row).</summary>
    internal const string UnaccountedScan =
        "SELECT e.case_id FROM events e GROUP BY e.case_id HAVING count(*) <> coalesce((SELECT c.version FROM cases c WHERE c.case_id = e.case_id), -1)";

    // A case's chain (schema 9) cannot reach a row added behind the store's back with a link: such a row is neither its
    // case's head nor in the index. A commit writes one event per version, so when the table's rows add up to the case
    // rows' versions every row is on a chain; otherwise the cases that do not add up are counted out (a scan and a sort,
    // paid only by a file changed outside the store) and read by a scan, so the verifier sees every row they have.
    private static HashSet<long>? UnaccountedCases(SqliteConnection connection)
    {
        if (SqliteSchema.Scalar(connection, EventsAddUp) is 1L) return null;
        var ids = new HashSet<long>();
        using var command = connection.CreateCommand();
        command.CommandText = UnaccountedScan;
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static EventRecord ReadEvent(RawStatement r, string caseNumber) =>
        new(caseNumber, r.Int64(0), r.String(1), r.Instant(2), r.String(3), r.String(4), r.Bytes(5), r.Bytes(6));
}
