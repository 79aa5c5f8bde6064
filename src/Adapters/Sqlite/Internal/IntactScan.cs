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

    /// <summary>The event table's first and last rowid (null, null when it is empty).</summary>
    internal const string EventBoundsSql = "SELECT min(id), max(id) FROM events";

    /// <summary>One event's case, sequence and link, by rowid.</summary>
    internal const string LinkSql = "SELECT case_id, sequence, hash FROM events WHERE id = ?1";

    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    internal struct Link
    {
        public ulong A, B, C, D;

        public Span<byte> Bytes => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref A, 4));
    }

    // A case whose events are still to come: its row's version and head, the sequence expected next, the last link.
    internal struct Pending
    {
        public long Version;
        public long Next;
        public bool HasHead;
        public Link Head;
        public Link Last;
    }

    /// <summary>A case met first in the middle of its chain, at the start of a part: the link its previous event (in an
    /// earlier part) must end with.</summary>
    internal readonly record struct Join(long CaseId, long Sequence, Link Previous);

    /// <summary>What one part of the event table shows: its events, the cases it completed, the cases still open at
    /// its end and the cases it took up from earlier parts.</summary>
    internal sealed class Part
    {
        internal long Events;
        internal long Complete;
        internal readonly Dictionary<long, Pending> Open = [];
        internal readonly List<Join> Joins = [];
    }

    /// <summary>The case rows' counts: all rows and those without events (null when a row could not be intact).</summary>
    public static (long Cases, long WithoutEvents)? CaseCounts(Func<string, RawStatement> statement)
    {
        var counts = statement(CaseCountsSql);
        try
        {
            if (!counts.Step() || counts.Int64(2) != 0) return null;
            return (counts.Int64(0), counts.Int64(1));
        }
        finally
        {
            counts.Reset();
        }
    }

    /// <summary>The event table's first and last rowid, or null when it is empty.</summary>
    public static (long First, long Last)? Bounds(Func<string, RawStatement> statement) =>
        statement(EventBoundsSql).ReadFirst<(long, long)?>(s => s.IsNull(0) ? null : (s.Int64(0), s.Int64(1)), null);

    /// <summary>The intact report in one pass over the whole table, or null when the file holds anything else (see the
    /// summary).</summary>
    public static VerificationReport? TryProve(Func<string, RawStatement> statement, CancellationToken cancellationToken)
    {
        if (CaseCounts(statement) is not { } counts) return null;
        if (Bounds(statement) is not { } bounds) return Merge([], counts);
        return Scan(statement, bounds.First, bounds.Last, cancellationToken) is { } part ? Merge([part], counts) : null;
    }

    /// <summary>Checks the events with rowids <paramref name="first"/> to <paramref name="last"/>; null when it meets
    /// anything it does not recognise as part of an intact chain. A case whose first event here is not its first at all
    /// is taken up from the link its previous event (which must lie before <paramref name="first"/>) stores; that the
    /// earlier part ended the case with that very link is checked in <see cref="Merge"/>.</summary>
    public static Part? Scan(Func<string, RawStatement> statement, long first, long last, CancellationToken cancellationToken)
    {
        var part = new Part();
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
                    if (sequence != 1)
                    {
                        if (TakeUp(statement, caseId, sequence, scan.Int64OrNull(9), first) is not { } previous) return null;
                        begun.Next = sequence;
                        begun.Last = previous;
                        part.Joins.Add(new Join(caseId, sequence, previous));
                    }
                    entry = ref CollectionsMarshal.GetValueRefOrAddDefault(pending, caseId, out _);
                    entry = begun;
                }
                if (scan.Int64(2) != entry.Next) return null;
                var at = scan.Int64(4);
                var hash = scan.BlobSpan(8);
                if (at < 0 || at > MaxTicks || hash.Length != HashChain.HashSize) return null;
                ReadOnlySpan<byte> previousLink = entry.Next == 1 ? [] : entry.Last.Bytes;
                HashChain.Link(previousLink, scan.TextSpan(1), entry.Next, scan.TextSpan(3), at, scan.TextSpan(5), scan.TextSpan(6), scan.BlobSpan(7), link);
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
        part.Events = events;
        part.Complete = complete;
        return part;
    }

    /// <summary>The intact report from the parts in rowid order, or null: every case taken up by a part must be open
    /// at the end of the parts before it, at the sequence and with the link it was taken up at, and nothing may be
    /// left open; every case row with a version was completed exactly once.</summary>
    public static VerificationReport? Merge(IReadOnlyList<Part> parts, (long Cases, long WithoutEvents) counts)
    {
        var open = new Dictionary<long, Pending>();
        long events = 0, complete = 0;
        foreach (var part in parts)
        {
            foreach (var join in part.Joins)
            {
                if (!open.Remove(join.CaseId, out var before) || before.Next != join.Sequence) return null;
                var previous = join.Previous;
                if (!before.Last.Bytes.SequenceEqual(previous.Bytes)) return null;
            }
            // A case still open from an earlier part and begun afresh here was begun twice.
            foreach (var (caseId, entry) in part.Open)
            {
                if (!open.TryAdd(caseId, entry)) return null;
            }
            events += part.Events;
            complete += part.Complete;
        }
        return open.Count == 0 && complete == counts.Cases - counts.WithoutEvents ? new VerificationReport(counts.Cases, events, []) : null;
    }

    // The link a case's event before `sequence` stores, when that event lies before `first` (in an earlier part):
    // found by the row's own link to it, or (an event without one) in the index.
    private static Link? TakeUp(Func<string, RawStatement> statement, long caseId, long sequence, long? prev, long first)
    {
        if ((prev ?? EventChain.IdOf(statement, caseId, sequence - 1)) is not { } id || id >= first) return null;
        var row = statement(LinkSql).Int(1, id);
        try
        {
            if (!row.Step() || row.Int64(0) != caseId || row.Int64(1) != sequence - 1) return null;
            var hash = row.BlobSpan(2);
            if (hash.Length != HashChain.HashSize) return null;
            var link = default(Link);
            hash.CopyTo(link.Bytes);
            return link;
        }
        finally
        {
            row.Reset();
        }
    }

    // A case's first event: its row must exist with events and a head that can be a link.
    private static Pending? Begin(RawStatement caseRow, long caseId)
    {
        caseRow.Int(1, caseId);
        try
        {
            if (!caseRow.Step()) return null;
            var version = caseRow.Int64(0);
            var head = caseRow.BlobSpan(1);
            if (version < 1 || head.Length is not (0 or HashChain.HashSize)) return null;
            var entry = new Pending { Version = version, Next = 1, HasHead = head.Length > 0 };
            head.CopyTo(entry.Head.Bytes);
            return entry;
        }
        finally
        {
            caseRow.Reset();
        }
    }
}
