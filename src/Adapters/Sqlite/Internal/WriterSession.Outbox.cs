namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Schema 7: an outbox row is written once; delivery state changes only the narrow outbox_pending and outbox_delivered
    // rows, found through the message id's unique index (a read, nothing dirtied there).
    private RawStatement? _markDelivered, _dropPending, _markFailed, _retryDead;

    public void MarkDelivered(IReadOnlyList<string> messageIds, long deliveredAtTicks)
    {
        _markDelivered ??= Raw(
            "INSERT INTO outbox_delivered (seq, delivered_at) SELECT p.seq, ?2 FROM outbox o JOIN outbox_pending p ON p.seq = o.seq WHERE o.message_id = ?1");
        // The row just inserted into outbox_delivered has the message's seq as its rowid.
        _dropPending ??= Raw("DELETE FROM outbox_pending WHERE seq = last_insert_rowid()");
        foreach (var messageId in messageIds)
        {
            // An unknown or already delivered id inserts nothing (and leaves last_insert_rowid alone): nothing to drop.
            if (_markDelivered.Text(1, messageId).Int(2, deliveredAtTicks).Execute() == 1) _dropPending.Execute();
        }
    }

    public void MarkFailed(string messageId, long nextAttemptTicks, string error, bool dead)
    {
        _markFailed ??= Raw(
            "UPDATE outbox_pending SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, dead = ?4 WHERE seq = (SELECT seq FROM outbox WHERE message_id = ?1)");
        _markFailed.Text(1, messageId).Int(2, nextAttemptTicks).Text(3, error).Int(4, dead ? 1 : 0).Execute();
    }

    public bool RetryDead(string messageId)
    {
        _retryDead ??= Raw(
            "UPDATE outbox_pending SET dead = 0, attempts = 0, next_attempt_at = 0 WHERE seq = (SELECT seq FROM outbox WHERE message_id = ?1) AND dead = 1");
        return _retryDead.Text(1, messageId).Execute() == 1;
    }

    private void DisposeOutboxCommands()
    {
        _markDelivered?.Dispose();
        _dropPending?.Dispose();
        _markFailed?.Dispose();
        _retryDead?.Dispose();
    }
}
