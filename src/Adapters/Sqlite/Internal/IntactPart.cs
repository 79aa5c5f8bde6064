using System.Runtime.InteropServices;
using OneStop.Engine;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>What one rowid range of the event table shows (<see cref="IntactScan.Scan"/>): its events, the cases it
/// completed, the cases it began (met at their first event), the cases still open at its end, and the cases it took up
/// in the middle of their chains.</summary>
internal sealed class IntactPart
{
    /// <summary>A hash link, held inline.</summary>
    internal struct Link
    {
        public ulong A, B, C, D;

        public Span<byte> Bytes => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref A, 4));
    }

    /// <summary>A case whose events are still to come: its row's version and head, the sequence expected next, the last link.</summary>
    internal struct Pending
    {
        public long Version;
        public long Next;
        public bool HasHead;
        public Link Head;
        public Link Last;
    }

    /// <summary>A case met first at <paramref name="Sequence"/>, taken up from the link <paramref name="Stored"/> that
    /// its previous event (in the parts before) stores.</summary>
    internal readonly record struct TakeUp(long CaseId, long Sequence, Link Stored);

    internal long Events;
    internal long Complete;
    internal readonly HashSet<long> Begun = [];
    internal readonly Dictionary<long, Pending> Open = [];
    internal readonly List<TakeUp> TakenUp = [];

    /// <summary>The intact report from <paramref name="parts"/> in rowid order, or null. Each case a part took up must be
    /// open at the end of the parts before, at the sequence and with the link it was taken up at (so its chain runs on
    /// unbroken across the cut); no case may be begun twice (in one part or in two); nothing may be left open at the end;
    /// and every case row with a version must have been begun and completed, once.</summary>
    public static VerificationReport? Join(IReadOnlyList<IntactPart> parts, (long Cases, long WithoutEvents) counts)
    {
        var open = new Dictionary<long, Pending>();
        var begun = new HashSet<long>();
        long events = 0, complete = 0;
        foreach (var part in parts)
        {
            foreach (var caseId in part.Begun)
            {
                if (!begun.Add(caseId)) return null;
            }
            foreach (var takeUp in part.TakenUp)
            {
                if (!open.Remove(takeUp.CaseId, out var before) || before.Next != takeUp.Sequence) return null;
                var stored = takeUp.Stored;
                if (!before.Last.Bytes.SequenceEqual(stored.Bytes)) return null;
            }
            foreach (var (caseId, entry) in part.Open)
            {
                if (!open.TryAdd(caseId, entry)) return null;
            }
            events += part.Events;
            complete += part.Complete;
        }
        var withEvents = counts.Cases - counts.WithoutEvents;
        return open.Count == 0 && begun.Count == withEvents && complete == withEvents ? new VerificationReport(counts.Cases, events, []) : null;
    }
}
