using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OneStop.Engine;
using OneStop.Engine.Audit;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Shows that every case of a file is intact with one pass over the event table in the order it was
/// written, instead of reading each case's chain. Reading chain by chain visits the events of a case scattered over
/// the file, so each page was read again for every case with an event on it (at 100,000 cases, several reads of every
/// page); the pass reads each page once and keeps, per case not yet complete, only the next sequence and the last link.
/// Anything it does not recognise as an intact chain (a row out of sequence, a link that does not match, a case row
/// without its case id, events left over) ends it without an answer, and the verifier reads the chains as before: the
/// findings on a tampered file never come from here.</summary>
internal static class IntactScan
{
    /// <summary>Every case row with its version, chain head, and whether its id names its number.</summary>
    internal const string CaseRowsSql =
        "SELECT c.case_id, c.version, c.chain_head, k.case_number IS c.case_number FROM cases c LEFT JOIN case_ids k ON k.case_id = c.case_id";

    /// <summary>Every event in the order it was written (rowid), with its case number.</summary>
    internal const string EventRowsSql =
        "SELECT e.case_id, k.case_number, e.sequence, e.type, e.at, e.actor, e.command_key, e.payload, e.hash " +
        "FROM events e LEFT JOIN case_ids k ON k.case_id = e.case_id ORDER BY e.id";

    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    private struct Link
    {
        public ulong A, B, C, D;

        public Span<byte> Bytes => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref A, 4));
    }

    // A case whose events are still to come: its row's version and head, the sequence expected next, the last link.
    private struct Pending
    {
        public long Version;
        public long Next;
        public bool HasHead;
        public Link Head;
        public Link Last;
    }

    /// <summary>The intact report, or null when the file holds anything else (see the summary).</summary>
    public static VerificationReport? TryProve(Func<string, RawStatement> statement, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<long, Pending>();
        long cases = 0, events = 0;
        var rows = statement(CaseRowsSql);
        try
        {
            while (rows.Step())
            {
                cases++;
                var version = rows.Int64(1);
                var head = rows.BlobSpan(2);
                if (rows.Int64(3) != 1 || version < 0 || head.Length is not (0 or HashChain.HashSize)) return null;
                if (version == 0) continue;
                var entry = new Pending { Version = version, Next = 1, HasHead = head.Length > 0 };
                head.CopyTo(entry.Head.Bytes);
                pending.Add(rows.Int64(0), entry);
            }
        }
        finally
        {
            rows.Reset();
        }

        var scan = statement(EventRowsSql);
        Span<byte> link = stackalloc byte[HashChain.HashSize];
        try
        {
            while (scan.Step())
            {
                if ((++events & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(pending, scan.Int64(0));
                if (Unsafe.IsNullRef(ref entry) || scan.Int64(2) != entry.Next) return null;
                var at = scan.Int64(4);
                var hash = scan.BlobSpan(8);
                if (at < 0 || at > MaxTicks || hash.Length != HashChain.HashSize) return null;
                ReadOnlySpan<byte> previous = entry.Next == 1 ? [] : entry.Last.Bytes;
                HashChain.Link(previous, scan.TextSpan(1), entry.Next, scan.TextSpan(3), at, scan.TextSpan(5), scan.TextSpan(6), scan.BlobSpan(7), link);
                if (!link.SequenceEqual(hash)) return null;
                link.CopyTo(entry.Last.Bytes);
                if (entry.Next++ < entry.Version) continue;
                if (entry.HasHead && !entry.Head.Bytes.SequenceEqual(entry.Last.Bytes)) return null;
                pending.Remove(scan.Int64(0));
            }
        }
        finally
        {
            scan.Reset();
        }
        // A case row whose version counts more events than the log holds.
        return pending.Count == 0 ? new VerificationReport(cases, events, []) : null;
    }
}
