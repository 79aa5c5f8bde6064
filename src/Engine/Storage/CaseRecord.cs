namespace OneStop.Engine.Storage;

/// <summary>A case as a store keeps it: indexed columns plus the opaque snapshot.</summary>
/// <param name="CaseNumber">Unique case number.</param>
/// <param name="ItemCode">Item code.</param>
/// <param name="ItemVersion">Item version.</param>
/// <param name="ContentHash">Hash of the pinned definition text.</param>
/// <param name="Department">Responsible department.</param>
/// <param name="Kind">Item kind name (Immediate, Promised, Joint, Referred).</param>
/// <param name="State">Lifecycle state name.</param>
/// <param name="Outcome">Decision outcome name, or null while undecided.</param>
/// <param name="Applicant">Applicant name or id, for search.</param>
/// <param name="Version">Number of events in the log (the optimistic concurrency version).</param>
/// <param name="SubmittedAt">When the case was submitted.</param>
/// <param name="UpdatedAt">Time of the last event.</param>
/// <param name="ConcludedAt">When it reached a closed state, or null.</param>
/// <param name="EarliestDue">The earliest instant at which a clock of this case needs attention, or null.</param>
/// <param name="Snapshot">Serialized snapshot (UTF-8 JSON).</param>
public sealed record CaseRecord(
    string CaseNumber,
    string ItemCode,
    int ItemVersion,
    string ContentHash,
    string Department,
    string Kind,
    string State,
    string? Outcome,
    string? Applicant,
    long Version,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ConcludedAt,
    DateTimeOffset? EarliestDue,
    ReadOnlyMemory<byte> Snapshot)
{
    // The stored head's bytes (see LazyBytes), or the last event's record when the engine built this row.
    private object? _head;

    /// <summary>Hash of the case's last event (the head of its tamper-evident chain); empty before chaining. Kept in
    /// the case row so that deleting the last events of the log is detected.</summary>
    public ReadOnlyMemory<byte> ChainHead
    {
        // A row the engine built refers to its last event's record, whose link is hashed only when read.
        get => _head is EventRecord last ? last.Hash : LazyBytes.TryUnwrap(_head, out var bytes) ? bytes : default;
        init => _head = LazyBytes.Wrap(value);
    }

    /// <summary>The chain head without hashing: the last event's record when the engine built this row, else the bytes.</summary>
    internal Audit.ChainLink Head
    {
        get => _head is EventRecord last ? new(last, default) : new(null, ChainHead);
        init => _head = (object?)value.Record ?? LazyBytes.Wrap(value.Bytes);
    }

    /// <summary>Statistics columns (limit, due instant, working time used, on-time flag) written by the engine
    /// once the case is accepted; null before.</summary>
    public CaseMetrics? Metrics { get; init; }
}
