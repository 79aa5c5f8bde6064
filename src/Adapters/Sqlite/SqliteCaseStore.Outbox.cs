using System.Collections.Concurrent;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite;

public sealed partial class SqliteCaseStore : IPendingRereads
{
    private const string MessageSelect =
        "o.message_id, o.case_number, o.channel, o.type, o.payload, o.created_at, p.attempts, p.last_error";

    /// <summary>Messages with a pending row of their own (failed, dead, or passed over by a mark), in seq order.</summary>
    private const string PendingFrom = "outbox_pending p JOIN outbox o ON o.seq = p.seq";

    /// <summary>Schema 12 (see <see cref="SchemaV12"/>): the pending messages at or below watermark ?1 are those with a
    /// pending row; above it, every message without a delivery row, with its pending row's state if it has one, else
    /// none tried yet. Read in that order, the two give every pending message in seq order.</summary>
    internal const string PendingBelow =
        $"SELECT {MessageSelect}, p.dead, p.next_attempt_at, p.seq, o.message_key FROM {PendingFrom} WHERE p.seq <= ?1 ORDER BY p.seq";

    /// <inheritdoc cref="PendingBelow"/>
    internal const string PendingAbove =
        "SELECT o.message_id, o.case_number, o.channel, o.type, o.payload, o.created_at, coalesce(p.attempts, 0), p.last_error, " +
        "coalesce(p.dead, 0), coalesce(p.next_attempt_at, 0), o.seq, o.message_key FROM outbox o LEFT JOIN outbox_pending p ON p.seq = o.seq " +
        "WHERE o.seq > ?1 AND NOT EXISTS (SELECT 1 FROM outbox_delivered d WHERE d.seq = o.seq) ORDER BY o.seq";

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        ReadPendingAsync(now, limit, null, cancellationToken);

    /// <inheritdoc />
    Task<IReadOnlyList<PendingMessage>> IPendingRereads.GetPendingMessagesAsync(DateTimeOffset now, int limit, PendingRereadState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ReadPendingAsync(now, limit, state, cancellationToken);
    }

    private Task<IReadOnlyList<PendingMessage>> ReadPendingAsync(DateTimeOffset now, int limit, PendingRereadState? state, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<PendingMessage>>("read pending outbox messages", session =>
        {
            // Walk the undelivered rows in commit order (a short stretch in a healthy system) and keep
            // those due whose case has no earlier dead or backing-off message. Filtering here instead of in SQL
            // spares an index keyed by case, which every commit would otherwise dirty.
            var result = new List<PendingMessage>();
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            var nowTicks = Ticks(now);
            // Once per read, not per message: a ConcurrentDictionary's Count takes every one of its locks.
            if (_pendingSeqs.Count >= PendingSeqsLimit) _pendingSeqs.Clear();
            // Three statements, each its own snapshot, in this order: a message pending throughout is found by one of
            // them (at or below the watermark read first it has a pending row until delivered; above it, no delivery row).
            var watermark = session.Raw(WriterSession.Watermark).ScalarInt64() ?? 0;
            // A reread (state given) leaves out what the state's reads delivered; while every message they stepped over
            // was returned and delivered, the walk above the watermark starts after the last of them (seqs only grow:
            // a message committed since has a larger one).
            var from = state is { AllDelivered: true } && state.Through > watermark ? state.Through : watermark;
            if (ReadPending(session.Raw(PendingBelow), watermark, limit, nowTicks, result, blocked, state))
                ReadPending(session.Raw(PendingAbove), from, limit, nowTicks, result, blocked, state);
            return result;
        }, cancellationToken);
    }

    /// <summary>Adds the due messages of <paramref name="statement"/> (bound to <paramref name="from"/> here) to
    /// <paramref name="result"/> up to <paramref name="limit"/>; false when that is reached. With a reread's
    /// <paramref name="state"/>: leaves out the messages it delivered, records what it returns, and moves its resume
    /// point over the rows returned while none was passed over.</summary>
    private bool ReadPending(RawStatement statement, long from, int limit, long nowTicks, List<PendingMessage> result, HashSet<string> blocked,
        PendingRereadState? state)
    {
        statement.Int(1, from);
        try
        {
            while (result.Count < limit && statement.Step())
            {
                var seq = statement.Int64(10);
                // Delivered by this dispatcher and not yet marked: as if marked (it holds nothing back).
                if (state is not null && state.Delivered.Contains(seq)) continue;
                var caseNumber = statement.String(1);
                if (blocked.Contains(caseNumber) || statement.Int64(8) != 0 || statement.Int64(9) > nowTicks)
                {
                    blocked.Add(caseNumber);
                    if (state is not null) state.AllDelivered = false;
                    continue;
                }
                var message = ReadMessage(statement, caseNumber);
                result.Add(message);
                RememberSeq(message.Message.MessageId, new PendingSeq(seq, statement.Int64OrNull(11) ?? 0));
                if (state is not null)
                {
                    state.Returned[message.Message.MessageId] = seq;
                    if (seq > state.Through) state.Through = seq;
                }
            }
        }
        finally
        {
            // The walk may stop before the last row: the statement must not keep its read snapshot open.
            statement.Reset();
        }
        return result.Count < limit;
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
