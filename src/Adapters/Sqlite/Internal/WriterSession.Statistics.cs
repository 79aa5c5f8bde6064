using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    private RawStatement? _upsertEvaluation;

    /// <summary>Writes evaluation rows (one per case and channel; a later write of the same key updates it), keyed by the
    /// case's id (schema 8): <paramref name="caseId"/> for the commit's case <paramref name="caseNumber"/>.</summary>
    private void WriteEvaluations(IReadOnlyList<EvaluationRecord> evaluations, string caseNumber, long caseId)
    {
        if (evaluations.Count == 0) return;
        _upsertEvaluation ??= Raw(
            """
            INSERT INTO evaluations (case_id, channel, rating, at, item_code, department, comment, contact_due, rectify_due, contacted_at, rectified_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (case_id, channel) DO UPDATE SET rating = excluded.rating, at = excluded.at, comment = excluded.comment,
              contact_due = excluded.contact_due, rectify_due = excluded.rectify_due, contacted_at = excluded.contacted_at, rectified_at = excluded.rectified_at
            """);
        for (var i = 0; i < evaluations.Count; i++)
        {
            var e = evaluations[i];
            var id = string.Equals(e.CaseNumber, caseNumber, StringComparison.Ordinal) ? caseId : CaseId(e.CaseNumber);
            _upsertEvaluation.Int(1, id).Text(2, e.Channel).Int(3, e.Rating).Int(4, e.At.UtcTicks).Text(5, e.ItemCode).Text(6, e.Department)
                .Text(7, e.Comment).Ticks(8, e.ContactDue).Ticks(9, e.RectifyDue).Ticks(10, e.ContactedAt).Ticks(11, e.RectifiedAt).Execute();
        }
    }
}
