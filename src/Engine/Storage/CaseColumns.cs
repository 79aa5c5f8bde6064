namespace OneStop.Engine.Storage;

/// <summary>A case row's columns without the row object: what the engine commits to the in-memory store, which keeps
/// them in its case entry and builds the <see cref="CaseRecord"/> only when a reader asks for it (the engine reads
/// <see cref="EngineRow"/> instead), so a command allocates no row.</summary>
internal readonly struct CaseColumns(
    string caseNumber, string itemCode, int itemVersion, string contentHash, string department, string kind, string state, string? outcome,
    string? applicant, long version, DateTimeOffset submittedAt, DateTimeOffset updatedAt, DateTimeOffset? concludedAt, DateTimeOffset? earliestDue,
    ReadOnlyMemory<byte> snapshot, long snapshotVersion, CaseMetrics? metrics)
{
    public string CaseNumber { get; } = caseNumber;
    public string ItemCode { get; } = itemCode;
    public int ItemVersion { get; } = itemVersion;
    public string ContentHash { get; } = contentHash;
    public string Department { get; } = department;
    public string Kind { get; } = kind;
    public string State { get; } = state;
    public string? Outcome { get; } = outcome;
    public string? Applicant { get; } = applicant;
    public long Version { get; } = version;
    public DateTimeOffset SubmittedAt { get; } = submittedAt;
    public DateTimeOffset UpdatedAt { get; } = updatedAt;
    public DateTimeOffset? ConcludedAt { get; } = concludedAt;
    public DateTimeOffset? EarliestDue { get; } = earliestDue;
    /// <summary>The new snapshot, or empty to keep the stored one.</summary>
    public ReadOnlyMemory<byte> Snapshot { get; } = snapshot;
    /// <summary>As <see cref="CaseRecord.SnapshotVersion"/> in a commit.</summary>
    public long SnapshotVersion { get; } = snapshotVersion;
    public CaseMetrics? Metrics { get; } = metrics;

    /// <summary>These columns with <paramref name="stored"/> as the snapshot (the store's own copy of the bytes).</summary>
    public CaseColumns WithSnapshot(ReadOnlyMemory<byte> stored) => new(CaseNumber, ItemCode, ItemVersion, ContentHash, Department, Kind, State, Outcome,
        Applicant, Version, SubmittedAt, UpdatedAt, ConcludedAt, EarliestDue, stored, SnapshotVersion, Metrics);

    /// <summary>The columns of <paramref name="row"/> (its head aside).</summary>
    public static CaseColumns Of(CaseRecord row) => new(row.CaseNumber, row.ItemCode, row.ItemVersion, row.ContentHash, row.Department, row.Kind,
        row.State, row.Outcome, row.Applicant, row.Version, row.SubmittedAt, row.UpdatedAt, row.ConcludedAt, row.EarliestDue, row.Snapshot, row.SnapshotVersion, row.Metrics);

    /// <summary>The row these columns describe, with <paramref name="head"/> as its chain head.</summary>
    public CaseRecord ToRecord(Audit.ChainLink head) => new(CaseNumber, ItemCode, ItemVersion, ContentHash, Department, Kind, State, Outcome, Applicant,
        Version, SubmittedAt, UpdatedAt, ConcludedAt, EarliestDue, Snapshot)
    { Head = head, Metrics = Metrics, SnapshotVersion = SnapshotVersion };
}
