namespace OneStop.Engine.Storage;

/// <summary>A case as a store keeps it: indexed columns plus the opaque snapshot. The snapshot need not be current:
/// it is the case after <see cref="SnapshotVersion"/> events, and the case at <see cref="Version"/> is that snapshot
/// with the later events of the log applied (the engine writes a snapshot only every so many events).</summary>
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
/// <param name="Snapshot">Serialized snapshot (UTF-8 JSON) at <see cref="SnapshotVersion"/>; empty when the store holds none.
/// In a <see cref="CaseCommit"/>, empty means "no new snapshot: keep the stored one".</param>
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
    // The stored head's bytes (see LazyBytes), the last event's record when the engine built this row, or the in-memory
    // store's log, whose link at _headSequence is the head (copies carry both, so a copy keeps the original head).
    private object? _head;
    private long _headSequence;

    /// <summary>Hash of the case's last event (the head of its tamper-evident chain); empty before chaining. Kept in
    /// the case row so that deleting the last events of the log is detected.</summary>
    public ReadOnlyMemory<byte> ChainHead
    {
        // A row the engine built refers to its last event's record, whose link is hashed only when read.
        get => _head switch
        {
            EventRecord last => last.Hash,
            InMemoryEventLog log => log.LinkAt(_headSequence),
            CommitEvents commit => commit.LastRecord.Hash,
            _ => LazyBytes.TryUnwrap(_head, out var bytes) ? bytes : default,
        };
        init => _head = LazyBytes.Wrap(value);
    }

    /// <summary>The chain head without hashing: the last event's record when the engine built this row, else the bytes.</summary>
    internal Audit.ChainLink Head
    {
        get => _head switch
        {
            EventRecord => new(_head, default),
            InMemoryEventLog or CommitEvents => new(_head, default, _headSequence),
            _ => new(null, ChainHead),
        };
        init
        {
            _head = value.Pending ?? LazyBytes.Wrap(value.Bytes);
            _headSequence = value.Sequence;
        }
    }

    /// <summary>Points a row the in-memory store keeps at its own log's link (at the row's version) instead of the last
    /// event's record or commit events <paramref name="last"/> (which the store does not keep): the same link, so readers see the same <see cref="ChainHead"/>. Called under the
    /// store's lock before the row is published.</summary>
    internal void FollowLog(object last, InMemoryEventLog log)
    {
        if (!ReferenceEquals(_head, last)) return;
        _headSequence = Version;
        _head = log;
    }

    /// <summary>The case version <see cref="Snapshot"/> was taken at: the number of events applied to it. Equal to
    /// <see cref="Version"/> when the snapshot is current; lower when the events after it must be replayed on top; 0 with
    /// an empty snapshot (replay the whole log). When not set it is <see cref="Version"/> for a non-empty snapshot and 0
    /// for an empty one.</summary>
    /// <remarks>
    /// <para>Reads (<see cref="ICaseStore.GetCaseAsync"/>, searches, due lists) return the stored snapshot and its version.</para>
    /// <para>In a <see cref="CaseCommit"/>: a non-empty <see cref="Snapshot"/> replaces the stored one and must be the
    /// case after the commit, so <see cref="SnapshotVersion"/> must equal <see cref="Version"/>. An empty one keeps the
    /// stored snapshot together with its version; <see cref="SnapshotVersion"/> is then not stored (it must not exceed
    /// <see cref="CaseCommit.ExpectedVersion"/>; the engine passes the version it read, so the record it keeps matches the
    /// store's). A store that updates rows in place should not rewrite the snapshot bytes for such a commit.</para>
    /// <para>A value once set (stores set it on every record they return) is kept by copies made with <c>with</c>: set it
    /// again when such a copy changes <see cref="Version"/> or <see cref="Snapshot"/>.</para>
    /// </remarks>
    public long SnapshotVersion
    {
        get => _snapshotVersion ?? (Snapshot.IsEmpty ? 0 : Version);
        init => _snapshotVersion = value;
    }

    private readonly long? _snapshotVersion;

    /// <summary>Statistics columns (limit, due instant, working time used, on-time flag) written by the engine
    /// once the case is accepted; null before.</summary>
    public CaseMetrics? Metrics { get; init; }
}
