using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    private SqliteCommand? _markDelivered, _markFailed, _retryDead;

    public void MarkDelivered(IReadOnlyList<string> messageIds, long deliveredAtTicks)
    {
        _markDelivered ??= Prepare("UPDATE outbox SET delivered_at = $at WHERE message_id = $id AND delivered_at IS NULL",
            ("$at", SqliteType.Integer), ("$id", SqliteType.Text));
        _markDelivered.Parameters[0].Value = deliveredAtTicks;
        foreach (var messageId in messageIds)
        {
            _markDelivered.Parameters[1].Value = messageId;
            _markDelivered.ExecuteNonQuery();
        }
    }

    public void MarkFailed(string messageId, long nextAttemptTicks, string error, bool dead)
    {
        _markFailed ??= Prepare(
            """
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error, dead = $dead
            WHERE message_id = $id AND delivered_at IS NULL
            """,
            ("$next", SqliteType.Integer), ("$error", SqliteType.Text), ("$dead", SqliteType.Integer), ("$id", SqliteType.Text));
        Bind(_markFailed, nextAttemptTicks, error, dead ? 1 : 0, messageId);
        _markFailed.ExecuteNonQuery();
    }

    public bool RetryDead(string messageId)
    {
        _retryDead ??= Prepare(
            "UPDATE outbox SET dead = 0, attempts = 0, next_attempt_at = 0 WHERE message_id = $id AND dead = 1 AND delivered_at IS NULL",
            ("$id", SqliteType.Text));
        _retryDead.Parameters[0].Value = messageId;
        return _retryDead.ExecuteNonQuery() == 1;
    }

    private void DisposeOutboxCommands()
    {
        _markDelivered?.Dispose();
        _markFailed?.Dispose();
        _retryDead?.Dispose();
    }
}
