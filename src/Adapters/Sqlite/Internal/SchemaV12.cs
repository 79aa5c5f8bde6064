namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 12 (see <see cref="SqliteSchema"/>): a message's pending state is implicit. Since schema 7 every
/// commit inserted an <c>outbox_pending</c> row beside each outbox row, and every delivery inserted an
/// <c>outbox_delivered</c> row and deleted the pending one: four statements a message (≈ 7 % of the writer's CPU in a
/// simulation, and the leaves they dirtied). Now a delivery mark advances a watermark instead:
/// <list type="bullet">
/// <item><c>outbox_marks</c>: a row per mark that advanced it, <c>(through_seq, delivered_at)</c>: the messages with a
/// seq above the previous mark's <c>through_seq</c> and at most this one's, and without a row of their own, were
/// delivered at <c>delivered_at</c>. The watermark is the largest <c>through_seq</c> (0 without a mark).</item>
/// <item>A message's own row overrides the marks: a row in <c>outbox_delivered</c> means delivered then, a row in
/// <c>outbox_pending</c> pending with its attempts, next attempt, dead flag and last error (never both). A message
/// without either is delivered at its mark's time when its seq is at most the watermark, else pending with nothing
/// tried yet (attempts 0, due at once, not dead): a commit writes the outbox row alone.</item>
/// <item>Only messages that failed (retried with backoff, or dead), that a mark passed over undelivered (a case's
/// later messages held behind a failure, filled in with a default <c>outbox_pending</c> row so that the watermark can
/// move past them), or that were delivered out of order beyond what a mark could cover, get rows of their own.</item>
/// </list>
/// The migration keeps every row of both tables (each message keeps its exact state and delivery time) and sets the
/// watermark just below the first message without an <c>outbox_delivered</c> row (or at the last message when all were
/// delivered), so that a pending read starts there instead of at the first message; every message at or below it has
/// its own delivery row, so the mark's time is never read for them.</summary>
internal static class SchemaV12
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        CREATE TABLE outbox_marks (
            through_seq  INTEGER PRIMARY KEY,
            delivered_at INTEGER NOT NULL
        );
        INSERT INTO outbox_marks (through_seq, delivered_at)
          SELECT w, coalesce((SELECT d.delivered_at FROM outbox_delivered d WHERE d.seq = w), 0) FROM (
            SELECT coalesce(
              (SELECT o.seq FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM outbox_delivered d WHERE d.seq = o.seq) ORDER BY o.seq LIMIT 1) - 1,
              (SELECT max(seq) FROM outbox)) AS w)
          WHERE w > 0;
        """;

    /// <summary>Every outbox message's delivery time, NULL while it is pending (columns: seq, message_id, delivered_at),
    /// by the rules above: its delivery row's time, NULL with a pending row, else the time of the first mark at or above
    /// its seq, NULL above the watermark. Nothing reads it on a hot path; it states the format (tests, inspection).</summary>
    internal const string MessageDeliveries =
        """
        SELECT o.seq, o.message_id,
          CASE WHEN d.seq IS NOT NULL THEN d.delivered_at
               WHEN p.seq IS NOT NULL THEN NULL
               ELSE (SELECT m.delivered_at FROM outbox_marks m WHERE m.through_seq >= o.seq ORDER BY m.through_seq LIMIT 1) END AS delivered_at
        FROM outbox o LEFT JOIN outbox_delivered d ON d.seq = o.seq LEFT JOIN outbox_pending p ON p.seq = o.seq
        """;
}
