using System.Globalization;
using OneStop.Engine.Audit;
using OneStop.Engine.Storage;

namespace OneStop.Engine;

/// <summary>Checks the hash chains of stored case records and names every case whose record was edited, deleted
/// from or reordered. It reads only what the store holds (never the engine's caches), so it also runs on a copy of
/// a store file (<c>onestop verify FILE</c>).</summary>
public static class RecordVerifier
{
    /// <summary>Verifies every case of <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="StoreException">The store could not be read.</exception>
    public static async Task<VerificationReport> VerifyAsync(IAuditTrailStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store is IIntactProof proof && await proof.TryProveIntactAsync(cancellationToken).ConfigureAwait(false) is { } intact) return intact;
        return await VerifyChainsAsync(store, BatchEvents, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies every case of <paramref name="store"/> by reading each case's chain, hashing about
    /// <paramref name="batchEvents"/> events per hand-over (tests use small batches to cross many hand-overs).</summary>
    internal static async Task<VerificationReport> VerifyChainsAsync(IAuditTrailStore store, int batchEvents, CancellationToken cancellationToken)
    {
        var findings = new List<TamperFinding>();
        long cases = 0, events = 0;
        // Reading the chains (SQLite's page reads, the records) and hashing them are both large parts of the work, so
        // each batch is hashed on a pool thread while the store reads the next one. Batches are merged in the order
        // they were read, so the findings keep the store's case-number order.
        var batch = new List<CaseChain>();
        var inBatch = 0;
        Task<List<TamperFinding>>? hashing = null;
        await foreach (var chain in store.ReadChainsAsync(cancellationToken).ConfigureAwait(false))
        {
            cases++;
            events += chain.Events.Count;
            batch.Add(chain);
            inBatch += chain.Events.Count;
            if (inBatch < batchEvents) continue;
            if (hashing is not null) findings.AddRange(await hashing.ConfigureAwait(false));
            var full = batch;
            hashing = Task.Run(() => Verify(full, cancellationToken), cancellationToken);
            batch = [];
            inBatch = 0;
        }
        if (hashing is not null) findings.AddRange(await hashing.ConfigureAwait(false));
        findings.AddRange(Verify(batch, cancellationToken));
        return new VerificationReport(cases, events, findings);
    }

    // Events per hashed batch: a few megabytes of records in flight at most, and thousands of links per hand-over.
    private const int BatchEvents = 8192;

    private static List<TamperFinding> Verify(List<CaseChain> chains, CancellationToken cancellationToken)
    {
        var findings = new List<TamperFinding>();
        foreach (var chain in chains)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Verify(chain, findings);
        }
        return findings;
    }

    /// <summary>Verifies one case; an unknown case number gives an empty, intact report.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="caseNumber"/> is empty.</exception>
    public static async Task<VerificationReport> VerifyCaseAsync(IAuditTrailStore store, string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNumber);
        var chain = await store.ReadChainAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        if (chain is null) return new VerificationReport(0, 0, []);
        var findings = new List<TamperFinding>();
        Verify(chain, findings);
        return new VerificationReport(1, chain.Events.Count, findings);
    }

    /// <summary>Verifies one chain, appending findings.</summary>
    public static void Verify(CaseChain chain, ICollection<TamperFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(findings);
        var n = chain.CaseNumber;
        if (!chain.HasCaseRow)
            findings.Add(new TamperFinding(n, TamperKind.Inconsistent, null, $"{chain.Events.Count} event(s) exist without a case row (the case row was deleted)."));

        var events = chain.Events;
        ReadOnlySpan<byte> previous = [];
        var previousKnown = true;
        long expected = 1;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Sequence > expected)
            {
                findings.Add(new TamperFinding(n, TamperKind.Deleted, expected, expected == e.Sequence - 1
                    ? $"event #{expected} is missing."
                    : $"events #{expected}–#{e.Sequence - 1} are missing."));
                // The deleted predecessor's link is unknown: this event's own link cannot be checked.
                previousKnown = false;
            }
            if (e.Hash.Length == 0)
            {
                findings.Add(new TamperFinding(n, TamperKind.Unchained, e.Sequence, $"event #{e.Sequence} ({e.Type}) has no hash link."));
                previousKnown = false;
            }
            else if (previousKnown && !HashChain.Link(previous, e).AsSpan().SequenceEqual(e.Hash.Span) && Classify(chain, i) is { } finding)
            {
                findings.Add(finding);
            }
            else if (!previousKnown && MovedFrom(chain, i) is { } from && from != e.Sequence)
            {
                findings.Add(Reordered(n, e, from));
            }
            previous = e.Hash.Span;
            previousKnown = e.Hash.Length > 0;
            expected = e.Sequence + 1;
        }

        var last = events.Count == 0 ? 0 : events[^1].Sequence;
        if (!chain.HasCaseRow) return;
        if (last < chain.Version)
        {
            findings.Add(new TamperFinding(n, TamperKind.Truncated, last + 1, last + 1 == chain.Version
                ? $"the last event (#{chain.Version}) is missing; the case row records {chain.Version} events."
                : $"the last events (#{last + 1}–#{chain.Version}) are missing; the case row records {chain.Version} events."));
        }
        else if (last > chain.Version)
        {
            findings.Add(new TamperFinding(n, TamperKind.Inconsistent, chain.Version + 1,
                $"the log holds events past the case row's version {chain.Version} (added outside the engine)."));
        }
        else if (chain.ChainHead.Length > 0 && events.Count > 0 && !events[^1].Hash.Span.SequenceEqual(chain.ChainHead.Span))
        {
            findings.Add(new TamperFinding(n, TamperKind.Inconsistent, last,
                $"the case row's chain head does not match the link of the last event #{last}."));
        }
    }

    /// <summary>Why an event's link fails, or null when the event itself is intact at its own position and only its
    /// predecessor moved (the predecessor is reported at its new position).</summary>
    private static TamperFinding? Classify(CaseChain chain, int index)
    {
        var e = chain.Events[index];
        if (MovedFrom(chain, index) is { } from) return from == e.Sequence ? null : Reordered(chain.CaseNumber, e, from);
        return new TamperFinding(chain.CaseNumber, TamperKind.Edited, e.Sequence,
            $"event #{e.Sequence} ({e.Type}, {e.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z) does not match its hash link: it was changed after it was written.");
    }

    private static TamperFinding Reordered(string caseNumber, EventRecord e, long from) =>
        new(caseNumber, TamperKind.Reordered, e.Sequence, $"event #{e.Sequence} ({e.Type}) was written as event #{from}.");

    /// <summary>The position an unchanged event was chained at, found by trying every stored link as its predecessor;
    /// null when no position fits (its content changed).</summary>
    private static long? MovedFrom(CaseChain chain, int index)
    {
        var events = chain.Events;
        var e = events[index];
        var maxSequence = Math.Max(chain.Version, events.Count == 0 ? 0 : events[^1].Sequence);
        if (HashChain.Link([], e, 1).AsSpan().SequenceEqual(e.Hash.Span)) return 1;
        for (var p = 0; p < events.Count; p++)
        {
            if (p == index || events[p].Hash.Length == 0) continue;
            // The predecessor's original position is unknown when it moved too: try every position.
            for (long s = 2; s <= maxSequence; s++)
            {
                if (HashChain.Link(events[p].Hash.Span, e, s).AsSpan().SequenceEqual(e.Hash.Span)) return s;
            }
        }
        return null;
    }
}
