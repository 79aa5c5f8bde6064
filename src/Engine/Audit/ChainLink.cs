using OneStop.Engine.Storage;

namespace OneStop.Engine.Audit;

/// <summary>The head of a case's hash chain as the engine knows it: a link still to be computed (the last event's
/// record when this process built it, or a position in the in-memory store's compact log), or the stored link bytes;
/// both empty before the first event.</summary>
/// <param name="Pending">The last event's <see cref="EventRecord"/> or an <see cref="InMemoryLogLink"/>, or null.</param>
/// <param name="Bytes">The stored link when <paramref name="Pending"/> is null.</param>
internal readonly record struct ChainLink(object? Pending, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The link's bytes (hashes the pending links on first use).</summary>
    public ReadOnlyMemory<byte> Hash => Pending switch
    {
        EventRecord record => record.Hash,
        InMemoryLogLink link => link.Hash,
        _ => Bytes,
    };
}
