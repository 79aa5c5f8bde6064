using OneStop.Engine.Storage;

namespace OneStop.Engine.Audit;

/// <summary>The head of a case's hash chain as the engine knows it: a link still to be computed (the last event's
/// record when this process built it, or the in-memory store's log with the event's sequence), or the stored link
/// bytes; all empty before the first event.</summary>
/// <param name="Pending">The last event's <see cref="EventRecord"/>, the <see cref="CommitEvents"/> it is the last of, an
/// <see cref="InMemoryEventLog"/>, or null.</param>
/// <param name="Bytes">The stored link when <paramref name="Pending"/> is null.</param>
/// <param name="Sequence">With a log or commit events: the sequence of the event whose link this is.</param>
internal readonly record struct ChainLink(object? Pending, ReadOnlyMemory<byte> Bytes, long Sequence = 0)
{
    /// <summary>The link's bytes (hashes the pending links on first use).</summary>
    public ReadOnlyMemory<byte> Hash => Pending switch
    {
        EventRecord record => record.Hash,
        InMemoryEventLog log => log.LinkAt(Sequence),
        CommitEvents commit => commit.LastRecord.Hash,
        _ => Bytes,
    };
}
