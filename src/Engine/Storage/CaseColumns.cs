namespace OneStop.Engine.Storage;

/// <summary>A case row's columns without the row object: what the engine commits to the in-memory store, which keeps
/// them in its case entry and builds the <see cref="CaseRecord"/> only when a reader asks for it (the engine reads
/// <see cref="EngineRow"/> instead), so a command allocates no row.</summary>
/// <remarks>Not a readonly struct only for <see cref="Assign"/>: the entry takes a commit's columns field by field, writing
/// only those that changed (a whole copy of these 152 bytes into the heap costs two bulk write barriers per commit).
/// Every other member is readonly.</remarks>
internal struct CaseColumns(
    string caseNumber, string itemCode, int itemVersion, string contentHash, string department, string kind, string state, string? outcome,
    string? applicant, long version, DateTimeOffset submittedAt, DateTimeOffset updatedAt, DateTimeOffset? concludedAt, DateTimeOffset? earliestDue,
    ReadOnlyMemory<byte> snapshot, long snapshotVersion, CaseMetrics? metrics)
{
    public string CaseNumber { readonly get; private set; } = caseNumber;
    public string ItemCode { readonly get; private set; } = itemCode;
    public int ItemVersion { readonly get; private set; } = itemVersion;
    public string ContentHash { readonly get; private set; } = contentHash;
    public string Department { readonly get; private set; } = department;
    public string Kind { readonly get; private set; } = kind;
    public string State { readonly get; private set; } = state;
    public string? Outcome { readonly get; private set; } = outcome;
    public string? Applicant { readonly get; private set; } = applicant;
    public long Version { readonly get; private set; } = version;
    // The four instants as their UTC ticks and offset minutes (PackedInstant; NoInstant: none), 40 bytes fewer than four
    // DateTimeOffsets (16 bytes each, 24 as nullables): the in-memory store keeps these columns per case.
    private long _submittedTicks = submittedAt.UtcTicks;
    private long _updatedTicks = updatedAt.UtcTicks;
    private long _concludedTicks = concludedAt?.UtcTicks ?? 0;
    private long _dueTicks = earliestDue?.UtcTicks ?? 0;
    private short _submittedOffset = PackedInstant.OffsetMinutes(submittedAt);
    private short _updatedOffset = PackedInstant.OffsetMinutes(updatedAt);
    private short _concludedOffset = concludedAt is { } c ? PackedInstant.OffsetMinutes(c) : NoInstant;
    private short _dueOffset = earliestDue is { } d ? PackedInstant.OffsetMinutes(d) : NoInstant;
    // The offset of an instant that is not there (every real offset is within ±14 h).
    private const short NoInstant = short.MinValue;

    public readonly DateTimeOffset SubmittedAt => PackedInstant.Unpack(_submittedTicks, _submittedOffset);
    public readonly DateTimeOffset UpdatedAt => PackedInstant.Unpack(_updatedTicks, _updatedOffset);
    public readonly DateTimeOffset? ConcludedAt => _concludedOffset == NoInstant ? null : PackedInstant.Unpack(_concludedTicks, _concludedOffset);
    public readonly DateTimeOffset? EarliestDue => _dueOffset == NoInstant ? null : PackedInstant.Unpack(_dueTicks, _dueOffset);
    /// <summary>True when <see cref="ConcludedAt"/> is set (without unpacking it).</summary>
    public readonly bool IsConcluded => _concludedOffset != NoInstant;
    /// <summary>The new snapshot, or empty to keep the stored one.</summary>
    public ReadOnlyMemory<byte> Snapshot { readonly get; private set; } = snapshot;
    /// <summary>As <see cref="CaseRecord.SnapshotVersion"/> in a commit.</summary>
    public long SnapshotVersion { readonly get; private set; } = snapshotVersion;
    public CaseMetrics? Metrics { readonly get; private set; } = metrics;

    /// <summary>These columns with <paramref name="stored"/> as the snapshot (the store's own copy of the bytes).</summary>
    public readonly CaseColumns WithSnapshot(ReadOnlyMemory<byte> stored) => new(CaseNumber, ItemCode, ItemVersion, ContentHash, Department, Kind, State, Outcome,
        Applicant, Version, SubmittedAt, UpdatedAt, ConcludedAt, EarliestDue, stored, SnapshotVersion, Metrics);

    /// <summary>Makes these columns <paramref name="source"/>'s, with <paramref name="snapshot"/> as the snapshot: a column
    /// is written only when it differs (references by identity: the engine passes the same strings commit after commit).</summary>
    public void Assign(in CaseColumns source, ReadOnlyMemory<byte> snapshot)
    {
        if (!ReferenceEquals(CaseNumber, source.CaseNumber)) CaseNumber = source.CaseNumber;
        if (!ReferenceEquals(ItemCode, source.ItemCode)) ItemCode = source.ItemCode;
        ItemVersion = source.ItemVersion;
        if (!ReferenceEquals(ContentHash, source.ContentHash)) ContentHash = source.ContentHash;
        if (!ReferenceEquals(Department, source.Department)) Department = source.Department;
        if (!ReferenceEquals(Kind, source.Kind)) Kind = source.Kind;
        if (!ReferenceEquals(State, source.State)) State = source.State;
        if (!ReferenceEquals(Outcome, source.Outcome)) Outcome = source.Outcome;
        if (!ReferenceEquals(Applicant, source.Applicant)) Applicant = source.Applicant;
        Version = source.Version;
        (_submittedTicks, _submittedOffset) = (source._submittedTicks, source._submittedOffset);
        (_updatedTicks, _updatedOffset) = (source._updatedTicks, source._updatedOffset);
        (_concludedTicks, _concludedOffset) = (source._concludedTicks, source._concludedOffset);
        (_dueTicks, _dueOffset) = (source._dueTicks, source._dueOffset);
        if (!snapshot.Equals(Snapshot)) Snapshot = snapshot;
        SnapshotVersion = source.SnapshotVersion;
        if (!ReferenceEquals(Metrics, source.Metrics)) Metrics = source.Metrics;
    }

    /// <summary>The columns of <paramref name="row"/> (its head aside).</summary>
    public static CaseColumns Of(CaseRecord row) => new(row.CaseNumber, row.ItemCode, row.ItemVersion, row.ContentHash, row.Department, row.Kind,
        row.State, row.Outcome, row.Applicant, row.Version, row.SubmittedAt, row.UpdatedAt, row.ConcludedAt, row.EarliestDue, row.Snapshot, row.SnapshotVersion, row.Metrics);

    /// <summary>The row these columns describe, with <paramref name="head"/> as its chain head.</summary>
    public readonly CaseRecord ToRecord(Audit.ChainLink head) => new(CaseNumber, ItemCode, ItemVersion, ContentHash, Department, Kind, State, Outcome, Applicant,
        Version, SubmittedAt, UpdatedAt, ConcludedAt, EarliestDue, Snapshot)
    { Head = head, Metrics = Metrics, SnapshotVersion = SnapshotVersion };
}
