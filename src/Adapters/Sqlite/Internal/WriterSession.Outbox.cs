using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Schema 7: an outbox row is written once; delivery state changes only the narrow outbox_pending and outbox_delivered
    // rows, found by the message's seq. A message id of the engine's shape is unique through its compact key (see
    // MessageKey), any other through its text; both lookups are reads, nothing is dirtied there.
    private RawStatement? _seqByKey, _seqByText, _markDelivered, _markDeliveredChecked, _markDeliveredKeyed, _dropPending, _markFailed, _retryDead;

    // The first event the current commit inserted (case, sequence, rowid); default outside a commit's outbox writes.
    private (string? CaseNumber, long Sequence, long RowId) _firstEvent;

    private unsafe void InsertOutbox(OutboxMessage m)
    {
        var key = KeyOf(m.MessageId);
        // An id given no key when it was committed (its event did not exist then, or the file was upgraded from schema 6)
        // is only in the text index: a keyed insert must not repeat it. A keyless insert cannot repeat a keyed id: the
        // event that gave it its key would exist now and give this one the same key.
        if (key is null) _keylessRows = true;
        else if (KeylessRows() && SeqByText(m.MessageId) is not null) throw new StoreException($"Outbox message id {m.MessageId} was already committed.", isTransient: false);
        // The payload is bound without SQLite's copy: pinned here until the insert has run.
        var payload = m.Payload.Span;
        fixed (byte* p = payload)
        {
            _insertOutbox.Text(1, m.MessageId).Text(2, m.CaseNumber).Text(3, m.Channel).Text(4, m.Type).BlobPinned(5, p, payload.Length).Int(6, m.CreatedAt.UtcTicks).Int(7, key);
            ExecuteUnique(_insertOutbox, "Outbox message id ", m.MessageId, " was already committed.");
        }
        _insertPending.Execute();
    }

    /// <summary>The compact key of an id of the engine's shape whose event exists, else null.</summary>
    private long? KeyOf(string messageId)
    {
        if (!MessageKey.TryParsePrefix(messageId, out var caseLength, out var sequence, out var position)) return null;
        // The commit's own first event (the usual case) is matched on the id's prefix, without cutting it out.
        if (_firstEvent.Sequence == sequence && _firstEvent.CaseNumber is { } first && messageId.AsSpan(0, caseLength).SequenceEqual(first))
            return MessageKey.Of(_firstEvent.RowId, position);
        var caseNumber = messageId[..caseLength];
        // Schema 9: the event is found through the index or its case's chain (EventChain).
        var caseId = _known.TryGetValue(caseNumber, out var seen) ? seen.CaseId : _caseId.Text(1, caseNumber).ScalarInt64();
        return caseId is { } id && EventChain.IdOf(ChainStatements.Get, id, sequence) is { } eventId ? MessageKey.Of(eventId, position) : null;
    }

    // The statements of EventChain on the writer's connection, prepared on first use.
    private StatementCache? _chainStatements;

    private StatementCache ChainStatements => _chainStatements ??= new StatementCache(_connection);

    // Whether the file holds outbox rows without a key (the rows of ux_outbox_message), as of the current transaction;
    // null until asked in it. A file this schema wrote has none unless an id of another shape was committed, and then a
    // keyed insert needs no look-up of its text: one query per transaction instead of one per message (~2 µs each).
    private bool? _keylessRows;
    private RawStatement? _anyKeyless;

    private bool KeylessRows()
    {
        if (_keylessRows is { } known) return known;
        _anyKeyless ??= Raw("SELECT EXISTS (SELECT 1 FROM outbox WHERE message_key IS NULL)");
        var any = _anyKeyless.ScalarInt64() == 1;
        _keylessRows = any;
        return any;
    }

    private long? SeqByText(string messageId)
    {
        _seqByText ??= Raw("SELECT seq FROM outbox WHERE message_id = ?1 AND message_key IS NULL");
        return _seqByText.Text(1, messageId).ScalarInt64();
    }

    /// <summary>The seq of the committed message <paramref name="messageId"/>, or null.</summary>
    private long? SeqOf(string messageId)
    {
        if (KeyOf(messageId) is { } key)
        {
            _seqByKey ??= Raw("SELECT seq FROM outbox WHERE message_key = ?1");
            if (_seqByKey.Int(1, key).ScalarInt64() is { } seq) return seq;
        }
        return SeqByText(messageId);
    }

    /// <summary>Marks message ?1 delivered at ?2 when it is pending and the outbox row with key ?3 is at that seq: the
    /// scalar subquery reads the covering <c>ux_outbox_key</c>, not the outbox row's own leaf.</summary>
    internal const string MarkDeliveredKeyed =
        "INSERT INTO outbox_delivered (seq, delivered_at) SELECT p.seq, ?2 FROM outbox_pending p WHERE p.seq = ?1 AND p.seq = (SELECT o.seq FROM outbox o WHERE o.message_key = ?3)";

    /// <summary>Marks messages delivered. <paramref name="seen"/> holds where a pending read found each message, or
    /// default: a seq is used only when the row at it has the key read with it (looked up in <c>ux_outbox_key</c> alone,
    /// see <see cref="PendingSeq"/>), or for a row without a key, that very id (one read of the row); otherwise, or when
    /// that message is no longer pending, the seq is looked up from the id.</summary>
    public void MarkDelivered(IReadOnlyList<string> messageIds, IReadOnlyList<PendingSeq> seen, long deliveredAtTicks)
    {
        _markDelivered ??= Raw("INSERT INTO outbox_delivered (seq, delivered_at) SELECT seq, ?2 FROM outbox_pending WHERE seq = ?1");
        _markDeliveredKeyed ??= Raw(MarkDeliveredKeyed);
        _markDeliveredChecked ??= Raw(
            "INSERT INTO outbox_delivered (seq, delivered_at) SELECT p.seq, ?2 FROM outbox_pending p JOIN outbox o ON o.seq = p.seq WHERE p.seq = ?1 AND o.message_id = ?3");
        _dropPending ??= Raw("DELETE FROM outbox_pending WHERE seq = ?1");
        for (var i = 0; i < messageIds.Count; i++)
        {
            var messageId = messageIds[i];
            if (seen[i] is { Seq: > 0 } known && MarkSeen(known, messageId, deliveredAtTicks) == 1)
            {
                _dropPending.Int(1, known.Seq).Execute();
                continue;
            }
            // An unknown or already delivered id inserts nothing: nothing to drop.
            if (SeqOf(messageId) is { } seq && _markDelivered.Int(1, seq).Int(2, deliveredAtTicks).Execute() == 1) _dropPending.Int(1, seq).Execute();
        }
    }

    private int MarkSeen(PendingSeq known, string messageId, long deliveredAtTicks) => known.Key != 0
        ? _markDeliveredKeyed!.Int(1, known.Seq).Int(2, deliveredAtTicks).Int(3, known.Key).Execute()
        : _markDeliveredChecked!.Int(1, known.Seq).Int(2, deliveredAtTicks).Text(3, messageId).Execute();

    public void MarkFailed(string messageId, long nextAttemptTicks, string error, bool dead)
    {
        _markFailed ??= Raw("UPDATE outbox_pending SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, dead = ?4 WHERE seq = ?1");
        if (SeqOf(messageId) is { } seq) _markFailed.Int(1, seq).Int(2, nextAttemptTicks).Text(3, error).Int(4, dead ? 1 : 0).Execute();
    }

    public bool RetryDead(string messageId)
    {
        _retryDead ??= Raw("UPDATE outbox_pending SET dead = 0, attempts = 0, next_attempt_at = 0 WHERE seq = ?1 AND dead = 1");
        return SeqOf(messageId) is { } seq && _retryDead.Int(1, seq).Execute() == 1;
    }
}
