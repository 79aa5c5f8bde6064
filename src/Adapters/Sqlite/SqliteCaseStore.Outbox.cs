using System.Collections.Concurrent;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore
{
    private const string MessageSelect =
        "o.message_id, o.case_number, o.channel, o.type, o.payload, o.created_at, p.attempts, p.last_error";

    /// <summary>Undelivered messages: a row in outbox_pending per message (schema 7), in commit order by seq.</summary>
    private const string PendingFrom = "outbox_pending p JOIN outbox o ON o.seq = p.seq";

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<PendingMessage>>("read pending outbox messages", session =>
        {
            // Walk the undelivered rows in commit order (a short table in a healthy system) and keep
            // those due whose case has no earlier dead or backing-off message. Filtering here instead of in SQL
            // spares an index keyed by case, which every commit would otherwise dirty.
            var statement = session.Raw($"SELECT {MessageSelect}, p.dead, p.next_attempt_at, p.seq, o.message_key FROM {PendingFrom} ORDER BY p.seq");
            var result = new List<PendingMessage>();
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            var nowTicks = Ticks(now);
            // Once per read, not per message: a ConcurrentDictionary's Count takes every one of its locks.
            if (_pendingSeqs.Count >= PendingSeqsLimit) _pendingSeqs.Clear();
            try
            {
                while (result.Count < limit && statement.Step())
                {
                    var caseNumber = statement.String(1);
                    if (blocked.Contains(caseNumber)) continue;
                    if (statement.Int64(8) != 0 || statement.Int64(9) > nowTicks)
                    {
                        blocked.Add(caseNumber);
                        continue;
                    }
                    var message = ReadMessage(statement, caseNumber);
                    result.Add(message);
                    RememberSeq(message.Message.MessageId, new PendingSeq(statement.Int64(10), statement.Int64OrNull(11) ?? 0));
                }
            }
            finally
            {
                // The walk may stop before the last row: the statement must not keep its read snapshot open.
                statement.Reset();
            }
            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<PendingMessage>>("list dead outbox messages", session =>
        {
            return session.Raw($"SELECT {MessageSelect} FROM {PendingFrom} WHERE p.dead = 1 ORDER BY p.seq LIMIT +?1").Int(1, limit)
                .ReadAll(r => ReadMessage(r, r.String(1)));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0) return;
        var at = _options.TimeProvider.GetUtcNow().UtcTicks;
        // Where the pending read saw each message, taken out here (a delivered message is not read as pending again).
        var seqs = new PendingSeq[messageIds.Count];
        for (var i = 0; i < seqs.Length; i++) seqs[i] = _pendingSeqs.TryRemove(messageIds[i], out var seq) ? seq : default;
        await WriteAsync<object?>(session =>
        {
            session.MarkDelivered(messageIds, seqs, at);
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pending messages' seqs and keys, by message id, as the last pending reads found them: marking a message
    /// delivered then needs no lookup of its seq (through its event and the outbox key index, or the text index). An
    /// outbox row is never changed or deleted, so a seq stays right; the writer still checks that the row at the seq has
    /// the key read with it (one to one with the id), or without a key the id itself, before it trusts one.</summary>
    private readonly ConcurrentDictionary<string, PendingSeq> _pendingSeqs = new(StringComparer.Ordinal);

    /// <summary>Entries kept before a pending read (which adds at most its limit); past this (messages read as pending
    /// and never marked: dead, or read by another dispatcher) the table starts over.</summary>
    private const int PendingSeqsLimit = 65_536;

    private void RememberSeq(string messageId, PendingSeq seq) => _pendingSeqs[messageId] = seq;

    /// <inheritdoc />
    public async Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(error);
        await WriteAsync<object?>(session =>
        {
            session.MarkFailed(messageId, nextAttemptAt.UtcTicks, error, dead);
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return WriteAsync(session => session.RetryDead(messageId), cancellationToken);
    }

    private static PendingMessage ReadMessage(RawStatement row, string caseNumber)
    {
        var message = new OutboxMessage(row.String(0), caseNumber, row.String(2), row.String(3), row.Bytes(4), row.Instant(5));
        return new PendingMessage(message, (int)row.Int64(6), row.StringOrNull(7));
    }
}
