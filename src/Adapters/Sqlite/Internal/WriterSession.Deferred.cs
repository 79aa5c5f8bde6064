using System.Runtime.InteropServices;
using System.Text;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Appended rows held back during a group's savepoint-free pass and written at its end, many to a statement: a group of
    // ~25 task actions executed one INSERT per event, per outbox row and per pending row (three of the seven statements
    // each action ran), each paying SQLite's statement start and halt, cursor opening and a b-tree descent to the same
    // last leaf. Nothing in the group reads these rows before the flush except through the statements that flush first
    // (an event chain or a keyless outbox id), and they take keys the writer gives (event ids, outbox seqs), so the rows,
    // their ids and their order are what the row-by-row writes gave. A flush that fails is not attributed to a request:
    // the group is rolled back and written again with a savepoint per request, row by row (GroupCommitWriter).
    private readonly List<DeferredEvent> _deferredEvents = [];
    private readonly List<DeferredMessage> _deferredMessages = [];
    // Whether the commit being written may defer its rows (set for the duration of Commit).
    private bool _deferring;

    // Multi-row statements by chunk (rows = 1 << index), prepared on first use.
    private const int ChunkLevels = 7;
    private readonly RawStatement?[] _insertEvents = new RawStatement?[ChunkLevels];
    private readonly RawStatement?[] _insertMessages = new RawStatement?[ChunkLevels];
    private readonly RawStatement?[] _insertPendings = new RawStatement?[ChunkLevels];

    private const int EventColumns = 10, MessageColumns = 8;

    private readonly record struct DeferredEvent(long CaseId, EventRecord Event, long Id, long? Previous);

    private readonly record struct DeferredMessage(OutboxMessage Message, long Key, long Seq);

    /// <summary>Rows waiting for <see cref="FlushDeferred"/> (tests).</summary>
    internal int DeferredCount => _deferredEvents.Count + _deferredMessages.Count;

    private void InsertEvent(long caseId, EventRecord e, long id, long? previous)
    {
        if (_deferring)
        {
            _deferredEvents.Add(new DeferredEvent(caseId, e, id, previous));
            return;
        }
        BindEvent(_insertEvent, 0, caseId, e, id, previous).Execute();
    }

    private static RawStatement BindEvent(RawStatement s, int at, long caseId, EventRecord e, long id, long? previous) =>
        s.Int(at + 1, caseId).Int(at + 2, e.Sequence).Text(at + 3, e.Type).Int(at + 4, e.At.UtcTicks).Text(at + 5, e.Actor).Text(at + 6, e.CommandKey)
            .Blob(at + 7, e.Payload).Blob(at + 8, e.Hash).Int(at + 9, id).Int(at + 10, previous);

    private static RawStatement BindMessage(RawStatement s, int at, OutboxMessage m, long? key, long seq) =>
        s.Int(at + 1, seq).Text(at + 2, m.MessageId).Text(at + 3, m.CaseNumber).Text(at + 4, m.Channel).Text(at + 5, m.Type).Blob(at + 6, m.Payload)
            .Int(at + 7, m.CreatedAt.UtcTicks).Int(at + 8, key);

    /// <summary>Writes the held-back rows (events, then outbox rows, then their pending rows), in the order they were
    /// given. Throws whatever SQLite raised; the caller then rolls the transaction back.</summary>
    public void FlushDeferred()
    {
        if (_deferredEvents.Count == 0 && _deferredMessages.Count == 0) return;
        try
        {
            var events = CollectionsMarshal.AsSpan(_deferredEvents);
            for (var done = 0; done < events.Length;)
            {
                var level = Level(events.Length - done);
                var s = Chunk(_insertEvents, level, EventSql);
                for (var i = 0; i < 1 << level; i++)
                {
                    var r = events[done + i];
                    BindEvent(s, i * EventColumns, r.CaseId, r.Event, r.Id, r.Previous);
                }
                s.Execute();
                done += 1 << level;
            }
            var messages = CollectionsMarshal.AsSpan(_deferredMessages);
            for (var done = 0; done < messages.Length;)
            {
                var level = Level(messages.Length - done);
                var s = Chunk(_insertMessages, level, MessageSql);
                for (var i = 0; i < 1 << level; i++)
                {
                    var r = messages[done + i];
                    BindMessage(s, i * MessageColumns, r.Message, r.Key, r.Seq);
                }
                s.Execute();
                done += 1 << level;
            }
            for (var done = 0; done < messages.Length;)
            {
                var level = Level(messages.Length - done);
                var s = Chunk(_insertPendings, level, PendingSql);
                for (var i = 0; i < 1 << level; i++) s.Int(i + 1, messages[done + i].Seq);
                s.Execute();
                done += 1 << level;
            }
        }
        finally
        {
            _deferredEvents.Clear();
            _deferredMessages.Clear();
        }
    }

    private void ForgetDeferred()
    {
        _deferredEvents.Clear();
        _deferredMessages.Clear();
    }

    /// <summary>The largest chunk (as a power of two) that fits <paramref name="rows"/>.</summary>
    private static int Level(int rows) => Math.Min(ChunkLevels - 1, 31 - int.LeadingZeroCount(rows));

    private RawStatement Chunk(RawStatement?[] cache, int level, Func<int, string> sql) => cache[level] ??= Raw(sql(1 << level));

    // OR FAIL, not the default ABORT: an ABORT that could undo part of a multi-row statement makes SQLite open a statement
    // journal for it and copy every page the statement dirties; a failed flush rolls the whole transaction back anyway.
    private static string EventSql(int rows) =>
        Values("INSERT OR FAIL INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, id, prev) VALUES ", rows, EventColumns);

    private static string MessageSql(int rows) => MessageSql(rows, "INSERT OR FAIL");

    /// <summary>The outbox insert of <paramref name="rows"/> rows; <paramref name="verb"/> is INSERT for the row-by-row
    /// writes (a single-row ABORT needs no statement journal).</summary>
    internal static string MessageSql(int rows, string verb) =>
        Values(verb + " INTO outbox (seq, message_id, case_number, channel, type, payload, created_at, message_key) VALUES ", rows, MessageColumns);

    private static string PendingSql(int rows) => PendingSql(rows, "INSERT OR FAIL");

    internal static string PendingSql(int rows, string verb) => Values(verb + " INTO outbox_pending (seq) VALUES ", rows, 1);

    private static string Values(string head, int rows, int columns)
    {
        var sql = new StringBuilder(head);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 1; c <= columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append(r * columns + c);
            sql.Append(')');
        }
        return sql.ToString();
    }

    private void DisposeDeferredCommands()
    {
        foreach (var s in _insertEvents) s?.Dispose();
        foreach (var s in _insertMessages) s?.Dispose();
        foreach (var s in _insertPendings) s?.Dispose();
    }
}
