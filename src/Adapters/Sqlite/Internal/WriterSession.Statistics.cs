using Microsoft.Data.Sqlite;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    private SqliteCommand? _upsertEvaluation;

    /// <summary>Writes evaluation rows (one per case and channel; a later write of the same key updates it).</summary>
    private void WriteEvaluations(IReadOnlyList<EvaluationRecord> evaluations)
    {
        if (evaluations.Count == 0) return;
        _upsertEvaluation ??= Prepare(
            """
            INSERT INTO evaluations (case_number, channel, rating, at, item_code, department, comment, contact_due, rectify_due, contacted_at, rectified_at)
            VALUES ($c, $ch, $r, $at, $item, $dept, $comment, $contactDue, $rectifyDue, $contacted, $rectified)
            ON CONFLICT (case_number, channel) DO UPDATE SET rating = excluded.rating, at = excluded.at, comment = excluded.comment,
              contact_due = excluded.contact_due, rectify_due = excluded.rectify_due, contacted_at = excluded.contacted_at, rectified_at = excluded.rectified_at
            """,
            ("$c", SqliteType.Text), ("$ch", SqliteType.Text), ("$r", SqliteType.Integer), ("$at", SqliteType.Integer), ("$item", SqliteType.Text),
            ("$dept", SqliteType.Text), ("$comment", SqliteType.Text), ("$contactDue", SqliteType.Integer), ("$rectifyDue", SqliteType.Integer),
            ("$contacted", SqliteType.Integer), ("$rectified", SqliteType.Integer));
        foreach (var e in evaluations)
        {
            Bind(_upsertEvaluation, e.CaseNumber, e.Channel, e.Rating, Ticks(e.At), e.ItemCode, e.Department, OrNull(e.Comment),
                Ticks(e.ContactDue), Ticks(e.RectifyDue), Ticks(e.ContactedAt), Ticks(e.RectifiedAt));
            _upsertEvaluation.ExecuteNonQuery();
        }
    }
}
