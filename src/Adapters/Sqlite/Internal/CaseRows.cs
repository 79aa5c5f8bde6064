using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Reads a case row of <c>SqliteCaseStore</c>'s case select (its columns in order: the case columns, the
/// snapshot's version and bytes, the chain head and metrics, the snapshot's original size) from a
/// <see cref="RawStatement"/>: the engine reads a case before every command, so this read skips the provider's
/// parameter lookup by name and data-reader objects.</summary>
internal static class CaseRows
{
    /// <summary>Where the chain head and metrics start (<see cref="StatisticsSchema.CaseSelect"/>).</summary>
    private const int Statistics = 16;

    /// <summary>Where the snapshot's original size is, after the statistics columns.</summary>
    private const int SnapshotSize = 25;

    /// <summary>A case row without its snapshot's bytes, by number (?1).</summary>
    public const string RowByNumber = $"SELECT {RowSelect} FROM {From} WHERE {ByNumber}";

    /// <summary>The case numbered ?1: its row is keyed by the number's id (schema 8), found through <c>case_ids</c>.</summary>
    public const string ByNumber = "cases.case_id = (SELECT case_id FROM case_ids WHERE case_number = ?1)";

    /// <summary>The case columns and the snapshot's version, which every case select starts with.</summary>
    public const string CaseColumns =
        "cases.case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at, updated_at, concluded_at, earliest_due, snapshot_version";

    /// <summary>The case columns, the snapshot's version, NULL for its bytes, the statistics columns and NULL for its size.</summary>
    public const string RowSelect = CaseColumns + ", NULL" + StatisticsSchema.CaseSelect + ", NULL";

    /// <summary>A case row with its stored snapshot, if any (a case committed without one has none).</summary>
    public const string From = "cases LEFT JOIN snapshots ON snapshot_of = cases.case_id";

    /// <summary>The case <paramref name="caseNumber"/> by <paramref name="sql"/> (one numbered parameter), or null.</summary>
    public static CaseRecord? ReadOne(ReaderSession session, string sql, string caseNumber) => ReadOne(session.Raw(sql), caseNumber);

    /// <summary>The case <paramref name="caseNumber"/> by <paramref name="statement"/> (one numbered parameter), or null.</summary>
    public static CaseRecord? ReadOne(RawStatement statement, string caseNumber)
    {
        return statement.Text(1, caseNumber).ReadFirst<CaseRecord?>(Read, null);
    }

    /// <summary>Every case row <paramref name="statement"/> (already bound) gives, in order; the statement is reset.</summary>
    public static List<CaseRecord> ReadAll(RawStatement statement) => statement.ReadAll(Read);

    private static CaseRecord Read(RawStatement r)
    {
        var c = new CaseRecord(
            r.String(0), r.String(1), (int)r.Int64(2), r.String(3), r.String(4), r.String(5), r.String(6),
            r.StringOrNull(7), r.StringOrNull(8), r.Int64(9), r.Instant(10), r.Instant(11), r.InstantOrNull(12),
            r.InstantOrNull(13), SnapshotCodec.Decode(r.Bytes(15), r.Int64OrNull(SnapshotSize))) { SnapshotVersion = r.Int64OrNull(14) ?? 0 };
        var head = r.Bytes(Statistics);
        CaseMetrics? metrics = null;
        if (!r.IsNull(Statistics + 1) || !r.IsNull(Statistics + 4))
        {
            metrics = new CaseMetrics(r.InstantOrNull(Statistics + 1), r.InstantOrNull(Statistics + 2), r.Int64OrNull(Statistics + 3),
                r.InstantOrNull(Statistics + 4), r.StringOrNull(Statistics + 5), r.Int64OrNull(Statistics + 6),
                r.IsNull(Statistics + 7) ? null : r.Int64(Statistics + 7) != 0, r.IsNull(Statistics + 8) ? null : r.Int64(Statistics + 8) != 0);
        }
        return head.Length == 0 && metrics is null ? c : c with { ChainHead = head, Metrics = metrics };
    }
}
