namespace OneStop.Engine.Storage;

/// <summary>The hash chain link of the event at <see cref="Sequence"/> of an in-memory case log, computed from the log
/// (and cached there) when first read. The store's rows and the first event record of the next commit refer to it
/// instead of to the last event's record, so the store need not keep one record object per event.</summary>
internal sealed class InMemoryLogLink(InMemoryEventLog log, long sequence)
{
    /// <summary>The log.</summary>
    public InMemoryEventLog Log { get; } = log;

    /// <summary>1-based sequence of the event whose link this is.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The link's bytes.</summary>
    public ReadOnlyMemory<byte> Hash => Log.LinkAt(Sequence);
}
