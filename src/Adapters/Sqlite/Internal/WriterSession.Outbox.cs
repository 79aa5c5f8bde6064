using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Schema 7: an outbox row is written once; delivery state changes only the narrow outbox_pending, outbox_delivered
    // and (schema 12) outbox_marks rows, found by the message's seq. A message id of the engine's shape is unique
    // through its compact key (see MessageKey), any other through its text; both lookups are reads, nothing is dirtied there.
    private RawStatement? _seqByKey, _seqByText, _idAtSeq, _watermark, _explicitAbove, _seqsBetween, _insertMark, _insertDelivered, _insertFill,
        _markHeldDelivered, _dropPending, _markFailed, _holdFailed, _retryDead;

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
        // Schema 12: the row alone; a message above the delivery watermark without a state row of its own is pending.
        // The payload is bound without SQLite's copy: pinned here until the insert has run.
        var payload = m.Payload.Span;
        fixed (byte* p = payload)
        {
            _insertOutbox.Text(1, m.MessageId).Text(2, m.CaseNumber).Text(3, m.Channel).Text(4, m.Type).BlobPinned(5, p, payload.Length).Int(6, m.CreatedAt.UtcTicks).Int(7, key);
            ExecuteUnique(_insertOutbox, "Outbox message id ", m.MessageId, " was already committed.");
        }
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
            _seqByKey ??= Raw(SeqByKey);
            if (_seqByKey.Int(1, key).ScalarInt64() is { } seq) return seq;
        }
        return SeqByText(messageId);
    }

    /// <summary>The seq of the message with key ?1: read from the covering <c>ux_outbox_key</c>, not the outbox row's own
    /// leaf (see <see cref="PendingSeq"/>).</summary>
    internal const string SeqByKey = "SELECT seq FROM outbox WHERE message_key = ?1";

    /// <summary>The delivery watermark (schema 12): the largest mark's <c>through_seq</c>, 0 without one.</summary>
    internal const string Watermark = "SELECT coalesce(max(through_seq), 0) FROM outbox_marks";

    /// <summary>Fill rows a mark may write, beyond one per message it delivers, to move the watermark over messages it
    /// passes undelivered; past that the remaining messages get delivery rows of their own.</summary>
    internal const int FillAllowance = 64;

    private long ReadWatermark() => (_watermark ??= Raw(Watermark)).ScalarInt64() ?? 0;

    /// <summary>Marks messages delivered (schema 12, see <see cref="SchemaV12"/>). <paramref name="seen"/> holds where a
    /// pending read found each message, or default: a seq is used only when the row at it has the key read with it
    /// (looked up in <c>ux_outbox_key</c> alone, see <see cref="PendingSeq"/>), or for a row without a key, that very id;
    /// otherwise the seq is looked up from the id. A message above the watermark without a delivery row is pending: those
    /// the mark delivers move the watermark up to the last of them with one <c>outbox_marks</c> row, any message it passes
    /// over undelivered gets a default <c>outbox_pending</c> row (it stays pending), and a pending row of a message
    /// delivered is deleted. Below the watermark only a message with a pending row is pending: it gets its delivery row.</summary>
    public void MarkDelivered(IReadOnlyList<string> messageIds, IReadOnlyList<PendingSeq> seen, long deliveredAtTicks)
    {
        _dropPending ??= Raw("DELETE FROM outbox_pending WHERE seq = ?1");
        _markHeldDelivered ??= Raw("INSERT INTO outbox_delivered (seq, delivered_at) SELECT seq, ?2 FROM outbox_pending WHERE seq = ?1");
        var watermark = ReadWatermark();
        // The messages above the watermark with rows of their own: few (failed or held ones, and deliveries out of order).
        _explicitAbove ??= Raw("SELECT seq, 0 FROM outbox_pending WHERE seq > ?1 UNION ALL SELECT seq, 1 FROM outbox_delivered WHERE seq > ?1");
        HashSet<long>? heldAbove = null, deliveredAbove = null;
        _explicitAbove.Int(1, watermark);
        while (_explicitAbove.Step())
        {
            if (_explicitAbove.Int64(1) == 0) (heldAbove ??= []).Add(_explicitAbove.Int64(0));
            else (deliveredAbove ??= []).Add(_explicitAbove.Int64(0));
        }
        var advance = new List<long>(messageIds.Count);
        var keyed = CheckKeyedSeqs(seen);
        for (var i = 0; i < messageIds.Count; i++)
        {
            var found = keyed is null ? SeqOf(messageIds[i], seen[i]) : keyed[i] switch
            {
                KeyedSeqTrusted => seen[i].Seq,
                KeyedSeqRefused => SeqOf(messageIds[i]),
                _ => SeqOf(messageIds[i], seen[i]), // unchecked: alone, as before
            };
            if (found is not { } seq) continue;
            if (seq > watermark)
            {
                if (deliveredAbove?.Contains(seq) == true) continue;
                // A pending row of its own (failed before) goes: the mark covers it.
                if (heldAbove?.Remove(seq) == true) _dropPending.Int(1, seq).Execute();
                advance.Add(seq);
            }
            // Below the watermark a message is pending only with a pending row; an already delivered one inserts nothing.
            else if (_markHeldDelivered.Int(1, seq).Int(2, deliveredAtTicks).Execute() == 1) _dropPending.Int(1, seq).Execute();
        }
        if (advance.Count > 0) Advance(watermark, advance, heldAbove, deliveredAbove, deliveredAtTicks);
    }

    /// <summary>Moves the watermark up over <paramref name="advance"/> (pending messages above it, now delivered).</summary>
    private void Advance(long watermark, List<long> advance, HashSet<long>? heldAbove, HashSet<long>? deliveredAbove, long deliveredAtTicks)
    {
        advance.Sort();
        // The messages between two delivered ones (a dispatcher delivers in seq order, so usually none) that have no row
        // of their own are pending and stay so: each needs a default pending row when the watermark passes it.
        var fill = new List<long>();
        var through = watermark;
        var covered = 0;
        var previous = watermark;
        for (var i = 0; i < advance.Count; i++)
        {
            var seq = advance[i];
            if (seq == previous) continue; // the same id twice
            if (seq > previous + 1)
            {
                var before = fill.Count;
                _seqsBetween ??= Raw("SELECT seq FROM outbox WHERE seq > ?1 AND seq < ?2");
                _seqsBetween.Int(1, previous).Int(2, seq);
                while (_seqsBetween.Step())
                {
                    var between = _seqsBetween.Int64(0);
                    if (heldAbove?.Contains(between) != true && deliveredAbove?.Contains(between) != true) fill.Add(between);
                }
                if (fill.Count > covered + FillAllowance)
                {
                    // Too far ahead of what is pending: this and the later ones get delivery rows of their own.
                    fill.RemoveRange(before, fill.Count - before);
                    _insertDelivered ??= Raw("INSERT INTO outbox_delivered (seq, delivered_at) VALUES (?1, ?2)");
                    for (var j = i; j < advance.Count; j++)
                        if (j == i || advance[j] != advance[j - 1]) _insertDelivered.Int(1, advance[j]).Int(2, deliveredAtTicks).Execute();
                    break;
                }
            }
            through = previous = seq;
            covered++;
        }
        if (fill.Count > 0)
        {
            _insertFill ??= Raw("INSERT INTO outbox_pending (seq) VALUES (?1)");
            foreach (var seq in fill) _insertFill.Int(1, seq).Execute();
        }
        if (through == watermark) return;
        _insertMark ??= Raw("INSERT INTO outbox_marks (through_seq, delivered_at) VALUES (?1, ?2)");
        _insertMark.Int(1, through).Int(2, deliveredAtTicks).Execute();
    }

    // What CheckKeyedSeqs found for a message's seq (0: unchecked).
    private const byte KeyedSeqTrusted = 1, KeyedSeqRefused = 2;

    /// <summary>Keyed seqs a mark checks with one range read of <c>ux_outbox_key</c> instead of one look-up each.</summary>
    internal const int KeyedSeqBatch = 2;

    /// <summary>The keys' entries of <c>ux_outbox_key</c> between two keys, in key order (the index alone, as
    /// <see cref="SeqByKey"/>), at most ?3 of them.</summary>
    internal const string SeqsByKeyRange = "SELECT message_key, seq FROM outbox WHERE message_key >= ?1 AND message_key <= ?2 ORDER BY message_key LIMIT ?3";

    /// <summary>Range reads of <c>ux_outbox_key</c> made by marks (tests).</summary>
    internal int KeyedSeqRangeReads { get; private set; }

    /// <summary>The same check as <see cref="SeqOf(string, PendingSeq)"/>'s keyed one (the row with the key read has
    /// that seq: <c>ux_outbox_key</c> is unique, so it is the row at the seq), for every keyed seq of a mark at once:
    /// their keys grow with the messages' seqs, so a mark's messages are one stretch of the index, read in one statement
    /// (≈ 0.2 µs a row) instead of a look-up each (≈ 1 µs). Per message: trusted, refused (the key has another seq or
    /// no row: found by its id, as before), or unchecked (not keyed, or past the rows read: checked alone, as before).
    /// Null when fewer than <see cref="KeyedSeqBatch"/> seqs are keyed.</summary>
    private byte[]? CheckKeyedSeqs(IReadOnlyList<PendingSeq> seen)
    {
        var count = 0;
        for (var i = 0; i < seen.Count; i++)
            if (seen[i].Seq > 0 && seen[i].Key != 0) count++;
        if (count < KeyedSeqBatch) return null;
        var keys = new long[count];
        var order = new int[count];
        for (int i = 0, j = 0; i < seen.Count; i++)
        {
            if (seen[i].Seq <= 0 || seen[i].Key == 0) continue;
            keys[j] = seen[i].Key;
            order[j++] = i;
        }
        Array.Sort(keys, order);
        var states = new byte[seen.Count];
        // Bounded: a mark whose keys are far apart (messages left pending between them) stops after twice its own count
        // and leaves the rest to the single look-ups.
        _seqsByKeyRange ??= Raw(SeqsByKeyRange);
        _seqsByKeyRange.Int(1, keys[0]).Int(2, keys[^1]).Int(3, 2L * count + 64);
        KeyedSeqRangeReads++;
        var next = 0;
        try
        {
            while (next < count && _seqsByKeyRange.Step())
            {
                var key = _seqsByKeyRange.Int64(0);
                var seq = _seqsByKeyRange.Int64(1);
                // Keys below the row read have no row: refused, as their look-up would have been.
                for (; next < count && keys[next] < key; next++) states[order[next]] = KeyedSeqRefused;
                for (; next < count && keys[next] == key; next++) states[order[next]] = seen[order[next]].Seq == seq ? KeyedSeqTrusted : KeyedSeqRefused;
            }
        }
        finally
        {
            _seqsByKeyRange.Reset();
        }
        return states;
    }

    private RawStatement? _seqsByKeyRange;

    /// <summary>The seq of committed message <paramref name="messageId"/>, trusting where a pending read found it once
    /// the row there is checked to be that message's.</summary>
    private long? SeqOf(string messageId, PendingSeq known)
    {
        if (known.Seq > 0)
        {
            if (known.Key != 0)
            {
                _seqByKey ??= Raw(SeqByKey);
                if (_seqByKey.Int(1, known.Key).ScalarInt64() == known.Seq) return known.Seq;
            }
            else
            {
                _idAtSeq ??= Raw("SELECT 1 FROM outbox WHERE seq = ?1 AND message_id = ?2");
                if (_idAtSeq.Int(1, known.Seq).Text(2, messageId).ScalarInt64() == 1) return known.Seq;
            }
        }
        return SeqOf(messageId);
    }

    public void MarkFailed(string messageId, long nextAttemptTicks, string error, bool dead)
    {
        _markFailed ??= Raw("UPDATE outbox_pending SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, dead = ?4 WHERE seq = ?1");
        // Schema 12: a message pending without a row of its own (above the watermark, not delivered) gets one.
        _holdFailed ??= Raw(
            "INSERT INTO outbox_pending (seq, attempts, next_attempt_at, last_error, dead) SELECT ?1, 1, ?2, ?3, ?4 " +
            $"WHERE ?1 > ({Watermark}) AND NOT EXISTS (SELECT 1 FROM outbox_delivered WHERE seq = ?1)");
        if (SeqOf(messageId) is not { } seq) return;
        if (_markFailed.Int(1, seq).Int(2, nextAttemptTicks).Text(3, error).Int(4, dead ? 1 : 0).Execute() == 0)
            _holdFailed.Int(1, seq).Int(2, nextAttemptTicks).Text(3, error).Int(4, dead ? 1 : 0).Execute();
    }

    public bool RetryDead(string messageId)
    {
        _retryDead ??= Raw("UPDATE outbox_pending SET dead = 0, attempts = 0, next_attempt_at = 0 WHERE seq = ?1 AND dead = 1");
        return SeqOf(messageId) is { } seq && _retryDead.Int(1, seq).Execute() == 1;
    }
}
