using OneStop.Engine.Storage;

namespace OneStop.Engine.Audit;

/// <summary>The head of a case's hash chain as the engine knows it: the last event's record when this process built
/// it (its link is hashed only when someone reads it), or the stored link bytes; both empty before the first event.</summary>
/// <param name="Record">The last event's record, or null.</param>
/// <param name="Bytes">The stored link when <paramref name="Record"/> is null.</param>
internal readonly record struct ChainLink(EventRecord? Record, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The link's bytes (hashes the record's pending links on first use).</summary>
    public ReadOnlyMemory<byte> Hash => Record is null ? Bytes : Record.Hash;
}
