using Microsoft.Data.Sqlite;
using OneStop.Engine.Statistics;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The statistics, evaluation and audit part of the file format: the case row's chain head and statistics
/// columns (<see cref="CaseMetrics"/>), covering indexes so that every statistics query reads indexes only (the case
/// rows hold large snapshots), one per breakdown dimension leading with its key so that GROUP BY streams in index order
/// without sorting, and the evaluations table.</summary>
internal static class StatisticsSchema
{
    /// <summary>The migration that adds them (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        ALTER TABLE cases ADD COLUMN chain_head BLOB;
        ALTER TABLE cases ADD COLUMN accepted_at INTEGER;
        ALTER TABLE cases ADD COLUMN due_at INTEGER;
        ALTER TABLE cases ADD COLUMN limit_minutes INTEGER;
        ALTER TABLE cases ADD COLUMN finished_at INTEGER;
        ALTER TABLE cases ADD COLUMN result TEXT;
        ALTER TABLE cases ADD COLUMN working_minutes INTEGER;
        ALTER TABLE cases ADD COLUMN on_time INTEGER;
        ALTER TABLE cases ADD COLUMN early INTEGER;
        CREATE INDEX ix_cases_finished ON cases (finished_at, item_code, department, kind, result, on_time, early, working_minutes)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_item ON cases (item_code, finished_at, on_time, early, working_minutes, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_department ON cases (department, finished_at, on_time, early, working_minutes, item_code)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_kind ON cases (kind, finished_at, on_time, early, working_minutes, item_code, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_result ON cases (result, finished_at, on_time, early, working_minutes, item_code, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_duration ON cases (working_minutes, finished_at, item_code, department)
          WHERE working_minutes IS NOT NULL;
        CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department, state)
          WHERE due_at IS NOT NULL AND finished_at IS NULL;
        CREATE TABLE evaluations (
            case_number  TEXT NOT NULL,
            channel      TEXT NOT NULL,
            rating       INTEGER NOT NULL,
            at           INTEGER NOT NULL,
            item_code    TEXT NOT NULL,
            department   TEXT NOT NULL,
            comment      TEXT,
            contact_due  INTEGER,
            rectify_due  INTEGER,
            contacted_at INTEGER,
            rectified_at INTEGER,
            PRIMARY KEY (case_number, channel)
        ) WITHOUT ROWID;
        CREATE INDEX ix_evaluations_at ON evaluations (at, rating, item_code, department);
        CREATE INDEX ix_evaluations_open ON evaluations (rectify_due) WHERE rectify_due IS NOT NULL AND rectified_at IS NULL;
        """;

    /// <summary>Column list appended to the case insert.</summary>
    public const string CaseColumns = "chain_head, accepted_at, due_at, limit_minutes, finished_at, result, working_minutes, on_time, early";

    /// <summary>Parameter list appended to the case insert.</summary>
    public const string CaseValues = "$chain, $accepted, $dueAt, $limit, $finished, $result, $worked, $onTime, $early";

    /// <summary>Assignments of the metric columns, set by a case update only when the metrics changed (they are
    /// indexed for the statistics queries, so rewriting them on every command would cost index writes).</summary>
    public const string MetricAssignments =
        "accepted_at = $accepted, due_at = $dueAt, limit_minutes = $limit, finished_at = $finished, result = $result, working_minutes = $worked, on_time = $onTime, early = $early";

    /// <summary>The acceptance's metrics with numbered parameters ?10…?12, in <see cref="BindMetrics"/> order
    /// (<see cref="BindAcceptance"/>): only <c>due_at</c> is indexed (<c>ix_cases_open_due</c>).</summary>
    public const string AcceptanceAssignmentsNumbered = "accepted_at = ?10, due_at = ?11, limit_minutes = ?12";

    /// <summary>The finish's metrics with numbered parameters ?13…?17, in <see cref="BindMetrics"/> order
    /// (<see cref="BindFinish"/>): the statistics indexes' columns, and <c>finished_at</c> in their WHERE.</summary>
    public const string FinishAssignmentsNumbered = "finished_at = ?13, result = ?14, working_minutes = ?15, on_time = ?16, early = ?17";

    /// <summary>Binds the acceptance's metrics (accepted, due, limit) as <see cref="BindMetrics"/> binds them.</summary>
    public static void BindAcceptance(RawStatement s, int first, CaseMetrics? m) =>
        s.Ticks(first, m?.AcceptedAt).Ticks(first + 1, m?.DueAt).Int(first + 2, m?.LimitMinutes);

    /// <summary>Binds the finish's metrics (finished, result, working time, on time, early) as <see cref="BindMetrics"/>
    /// binds them.</summary>
    public static void BindFinish(RawStatement s, int first, CaseMetrics? m) =>
        s.Ticks(first, m?.FinishedAt).Text(first + 1, m?.Result).Int(first + 2, m?.WorkingMinutes)
            .Int(first + 3, m?.OnTime is { } onTime ? (onTime ? 1 : 0) : null).Int(first + 4, m?.Early is { } early ? (early ? 1 : 0) : null);

    /// <summary>Whether the two give the same stored acceptance columns (instants compared as instants: UTC ticks).</summary>
    public static bool SameAcceptance(CaseMetrics? a, CaseMetrics? b) =>
        a?.AcceptedAt == b?.AcceptedAt && a?.DueAt == b?.DueAt && a?.LimitMinutes == b?.LimitMinutes;

    /// <summary>Whether the two give the same stored finish columns.</summary>
    public static bool SameFinish(CaseMetrics? a, CaseMetrics? b) =>
        a?.FinishedAt == b?.FinishedAt && string.Equals(a?.Result, b?.Result, StringComparison.Ordinal) && a?.WorkingMinutes == b?.WorkingMinutes
        && a?.OnTime == b?.OnTime && a?.Early == b?.Early;

    /// <summary>Binds the metrics (accepted, due, limit, finished, result, working time, on time, early) to the eight
    /// parameters from <paramref name="first"/> on; all NULL without metrics.</summary>
    public static void BindMetrics(RawStatement s, int first, CaseMetrics? m)
    {
        s.Ticks(first, m?.AcceptedAt).Ticks(first + 1, m?.DueAt).Int(first + 2, m?.LimitMinutes).Ticks(first + 3, m?.FinishedAt).Text(first + 4, m?.Result)
            .Int(first + 5, m?.WorkingMinutes).Int(first + 6, m?.OnTime is { } onTime ? (onTime ? 1 : 0) : null)
            .Int(first + 7, m?.Early is { } early ? (early ? 1 : 0) : null);
    }

    /// <summary>Selected after the base case columns and the snapshot (ordinals 16…24).</summary>
    public const string CaseSelect = ", " + CaseColumns;

    /// <summary>Parameter declarations in <see cref="CaseValues"/> order.</summary>
    public static readonly (string Name, SqliteType Type)[] CaseParameters =
    [
        ("$chain", SqliteType.Blob), ("$accepted", SqliteType.Integer), ("$dueAt", SqliteType.Integer), ("$limit", SqliteType.Integer),
        ("$finished", SqliteType.Integer), ("$result", SqliteType.Text), ("$worked", SqliteType.Integer), ("$onTime", SqliteType.Integer),
        ("$early", SqliteType.Integer),
    ];

    /// <summary>Binds the chain head and metrics of <paramref name="c"/> from parameter <paramref name="first"/> on.</summary>
    public static void BindCase(SqliteParameterCollection p, int first, CaseRecord c)
    {
        var m = c.Metrics;
        p[first].Value = c.ChainHead.Length == 0 ? DBNull.Value : Blob(c.ChainHead);
        p[first + 1].Value = Ticks(m?.AcceptedAt);
        p[first + 2].Value = Ticks(m?.DueAt);
        p[first + 3].Value = (object?)m?.LimitMinutes ?? DBNull.Value;
        p[first + 4].Value = Ticks(m?.FinishedAt);
        p[first + 5].Value = OrNull(m?.Result);
        p[first + 6].Value = (object?)m?.WorkingMinutes ?? DBNull.Value;
        p[first + 7].Value = m?.OnTime is { } onTime ? (onTime ? 1 : 0) : DBNull.Value;
        p[first + 8].Value = m?.Early is { } early ? (early ? 1 : 0) : DBNull.Value;
    }
}
