using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OneStop.Engine;
using OneStop.Engine.Audit;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Shows that every case of a file is intact with one pass over the event table in the order it was
/// written, instead of reading each case's chain. Reading chain by chain visits the events of a case scattered over
/// the file, so a page was read again for every case with an event on it (at 100,000 cases, 6.0 M page reads against
/// 3.5 M for this pass); the pass walks the table's pages in order and keeps, per case begun and not yet complete, only
/// the next sequence and the last link.
/// The pass can run in parts (disjoint rowid ranges, one per core, see <see cref="IntactPart"/>): a part that meets a
/// case in the middle of its chain takes it up from the link its previous event stores, and the join checks that the
/// parts before ended the case with that very link.
/// Anything it does not recognise as an intact chain (a row out of sequence, a link that does not match, a case row
/// without its case id, events left over) ends it without an answer, and the verifier reads the chains as before: the
/// findings on a tampered file never come from here.</summary>
internal static class IntactScan
{
    /// <summary>The case rows: how many, how many without events, and how many that could not be intact (an id that
    /// does not name the row's number, a negative version).</summary>
    internal const string CaseCountsSql =
        "SELECT count(*), coalesce(sum(c.version = 0), 0), coalesce(sum(k.case_number IS NOT c.case_number OR c.version < 0), 0) " +
        "FROM cases c LEFT JOIN case_ids k ON k.case_id = c.case_id";

    /// <summary>A case row's version and chain head, by case id.</summary>
    internal const string CaseRowSql = "SELECT version, chain_head FROM cases WHERE case_id = ?1";

    /// <summary>The events with rowids ?1 to ?2 in the order they were written, with their case number and link.</summary>
    internal const string EventRowsSql =
        "SELECT e.case_id, k.case_number, e.sequence, e.type, e.at, e.actor, e.command_key, e.payload, e.hash, e.prev " +
        "FROM events e LEFT JOIN case_ids k ON k.case_id = e.case_id WHERE e.id >= ?1 AND e.id <= ?2 ORDER BY e.id";

    /// <summary>The event table's first and last rowid (both null when it is empty).</summary>
    internal const string EventBoundsSql = "SELECT (SELECT min(id) FROM events), (SELECT max(id) FROM events)";

    /// <summary>One event's case, sequence and stored link, by rowid.</summary>
    internal const string StoredLinkSql = "SELECT case_id, sequence, hash FROM events WHERE id = ?1";

    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>The case rows' counts (all rows, rows without events), or null when a row cannot be intact.</summary>
    public static (long Cases, long WithoutEvents)? CaseCounts(Func<string, RawStatement> statement)
    {
        var counts = statement(CaseCountsSql);
        try
        {
            return counts.Step() && counts.Int64(2) == 0 ? (counts.Int64(0), counts.Int64(1)) : null;
        }
        finally
        {
            counts.Reset();
        }
    }

    /// <summary>The event table's first and last rowid, or null when it is empty.</summary>
    public static (long First, long Last)? Bounds(Func<string, RawStatement> statement) =>
        statement(EventBoundsSql).ReadFirst<(long, long)?>(s => s.IsNull(0) ? null : (s.Int64(0), s.Int64(1)), null);

    /// <summary>Checks the events with rowids <paramref name="first"/> to <paramref name="last"/>; null when it meets
    /// anything it does not recognise as part of an intact chain. A case whose first event here is not its first is
    /// taken up from the link its previous event (which must lie before <paramref name="first"/>) stores; that the parts
    /// before ended the case with that link is left to <see cref="IntactPart.Join"/>.</summary>
    public static IntactPart? Scan(Func<string, RawStatement> statement, long first, long last, CancellationToken cancellationToken)
    {
        var part = new IntactPart();
        // Only the cases begun and not yet complete in the written order are held: those open at that point of the
        // file's history, not every case it stores.
        var pending = part.Open;
        var caseRow = statement(CaseRowSql);
        var scan = statement(EventRowsSql).Int(1, first).Int(2, last);
        long events = 0, complete = 0;
        Span<byte> link = stackalloc byte[HashChain.HashSize];
        try
        {
            while (scan.Step())
            {
                if ((++events & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
                var caseId = scan.Int64(0);
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(pending, caseId);
                if (Unsafe.IsNullRef(ref entry))
                {
                    var sequence = scan.Int64(2);
                    if (Begin(caseRow, caseId) is not { } begun || sequence > begun.Version) return null;
                    if (sequence == 1)
                    {
                        // Begun twice (a chain written again after it was complete) is no intact chain, even when another
                        // case's missing events make the completed cases add up.
                        if (!part.Begun.Add(caseId)) return null;
                    }
                    else
                    {
                        if (TakeUp(statement, caseId, sequence, scan.Int64OrNull(9), first) is not { } stored) return null;
                        (begun.Next, begun.Last) = (sequence, stored);
                        part.TakenUp.Add(new IntactPart.TakeUp(caseId, sequence, stored));
                    }
                    entry = ref CollectionsMarshal.GetValueRefOrAddDefault(pending, caseId, out _);
                    entry = begun;
                }
                if (scan.Int64(2) != entry.Next) return null;
                var at = scan.Int64(4);
                var hash = scan.BlobSpan(8);
                if (at < 0 || at > MaxTicks || hash.Length != HashChain.HashSize) return null;
                ReadOnlySpan<byte> previous = entry.Next == 1 ? [] : entry.Last.Bytes;
                HashChain.Link(previous, scan.TextSpan(1), entry.Next, scan.TextSpan(3), at, scan.TextSpan(5), scan.TextSpan(6), scan.BlobSpan(7), link);
                if (!link.SequenceEqual(hash)) return null;
                link.CopyTo(entry.Last.Bytes);
                if (entry.Next++ < entry.Version) continue;
                if (entry.HasHead && !entry.Head.Bytes.SequenceEqual(entry.Last.Bytes)) return null;
                pending.Remove(caseId);
                complete++;
            }
        }
        finally
        {
            scan.Reset();
        }
        (part.Events, part.Complete) = (events, complete);
        return part;
    }

    // A case's first event here: its row must exist with events and a head that can be a link.
    private static IntactPart.Pending? Begin(RawStatement caseRow, long caseId)
    {
        caseRow.Int(1, caseId);
        try
        {
            if (!caseRow.Step()) return null;
            var version = caseRow.Int64(0);
            var head = caseRow.BlobSpan(1);
            if (version < 1 || head.Length is not (0 or HashChain.HashSize)) return null;
            var entry = new IntactPart.Pending { Version = version, Next = 1, HasHead = head.Length > 0 };
            head.CopyTo(entry.Head.Bytes);
            return entry;
        }
        finally
        {
            caseRow.Reset();
        }
    }

    // The link stored by the case's event before `sequence`, found by the row's own link to it (or, for an event
    // without one, in the index); null unless that event lies before `first`, in the parts before.
    private static IntactPart.Link? TakeUp(Func<string, RawStatement> statement, long caseId, long sequence, long? prev, long first)
    {
        if ((prev ?? EventChain.IdOf(statement, caseId, sequence - 1)) is not { } id || id >= first) return null;
        var row = statement(StoredLinkSql).Int(1, id);
        try
        {
            if (!row.Step() || row.Int64(0) != caseId || row.Int64(1) != sequence - 1) return null;
            var hash = row.BlobSpan(2);
            if (hash.Length != HashChain.HashSize) return null;
            var stored = default(IntactPart.Link);
            hash.CopyTo(stored.Bytes);
            return stored;
        }
        finally
        {
            row.Reset();
        }
    }
}
