using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    public void MarkDelivered(IReadOnlyList<string> messageIds, long deliveredAtTicks)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET delivered_at = $at WHERE message_id = $id AND delivered_at IS NULL";
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        at.Value = deliveredAtTicks;
        foreach (var messageId in messageIds)
        {
            id.Value = messageId;
            command.ExecuteNonQuery();
        }
    }

    public void MarkFailed(string messageId, long nextAttemptTicks, string error, bool dead)
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            """
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error, dead = $dead
            WHERE message_id = $id AND delivered_at IS NULL
            """;
        command.Parameters.AddWithValue("$next", nextAttemptTicks);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$dead", dead ? 1 : 0);
        command.Parameters.AddWithValue("$id", messageId);
        command.ExecuteNonQuery();
    }

    public bool RetryDead(string messageId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            "UPDATE outbox SET dead = 0, attempts = 0, next_attempt_at = 0 WHERE message_id = $id AND dead = 1 AND delivered_at IS NULL";
        command.Parameters.AddWithValue("$id", messageId);
        return command.ExecuteNonQuery() == 1;
    }
}
