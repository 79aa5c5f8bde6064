namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Reads a case's events under schema 9 (see <see cref="SchemaV9"/>): an event written by this schema names the
/// rowid of its case's previous event (<c>prev</c>) and is not in <c>ux_events_case</c>; the case row names the last one
/// (<c>last_event</c>). Every event without <c>prev</c> (a case's first, every event of an upgraded file, and any the
/// writer could not link) is in the index. So the events after a sequence are the chain walked back from the case row's
/// last event, then the indexed events below where the chain ends. Events are never changed, so the statements need no
/// common read transaction. Anything that does not fit (a link to a missing row or to another case, a sequence out of
/// step: only a file edited by hand) sends the read to a scan of the whole table, which returns what is there, as the
/// index did before, for the audit to judge.</summary>
internal static class EventChain
{
    /// <summary>The columns an event read returns (ordinals 0–6), as the readers build an event from them.</summary>
    public const string Columns = "sequence, type, at, actor, command_key, payload, hash";

    /// <summary>The case row's last event.</summary>
    public const string HeadSql = "SELECT last_event FROM cases WHERE case_id = ?1";

    /// <summary>One event by rowid, with its case and link.</summary>
    public const string ByIdSql = "SELECT " + Columns + ", case_id, prev FROM events WHERE id = ?1";

    /// <summary>The indexed events of case ?1 in the sequence range (?2, ?3).</summary>
    public const string IndexedSql = "SELECT " + Columns + " FROM events WHERE case_id = ?1 AND prev IS NULL AND sequence > ?2 AND sequence < ?3 ORDER BY sequence";

    /// <summary>Every event of case ?1 after ?2, by a scan of the table (see the summary).</summary>
    public const string ScanSql = "SELECT " + Columns + " FROM events NOT INDEXED WHERE case_id = ?1 AND sequence > ?2 ORDER BY sequence";

    /// <summary>Whether case ?1 has an indexed event (every case with events has: its first).</summary>
    public const string AnyIndexedSql = "SELECT EXISTS (SELECT 1 FROM events WHERE case_id = ?1 AND prev IS NULL)";

    /// <summary>The rowid of an indexed event (case ?1, sequence ?2).</summary>
    public const string IndexedIdSql = "SELECT id FROM events WHERE case_id = ?1 AND prev IS NULL AND sequence = ?2";

    /// <summary>The events of case <paramref name="caseId"/> after sequence <paramref name="after"/>, in sequence order,
    /// each made by <paramref name="read"/> from a statement positioned on it (columns as <see cref="Columns"/>).</summary>
    public static List<T> Read<T>(Func<string, RawStatement> statement, long caseId, long after, Func<RawStatement, T> read)
    {
        var (withRow, head) = statement(HeadSql).Int(1, caseId).ReadFirst(s => (true, s.Int64OrNull(0)), (false, (long?)null));
        // Events without a case row (its row deleted by hand): whatever the table holds, unless the case has no events.
        if (!withRow) return statement(AnyIndexedSql).Int(1, caseId).ScalarInt64() == 1 ? Scan(statement, caseId, after, read) : [];
        var chain = new List<T>();
        var upper = long.MaxValue;
        if (head is { } id)
        {
            var byId = statement(ByIdSql);
            long? expected = null;
            while (true)
            {
                byId.Int(1, id);
                try
                {
                    if (!byId.Step() || byId.Int64(7) != caseId || (expected is { } e && byId.Int64(0) != e))
                        return Scan(statement, caseId, after, read);
                    var sequence = byId.Int64(0);
                    upper = sequence;
                    if (sequence <= after)
                    {
                        upper = sequence + 1;
                        break;
                    }
                    chain.Add(read(byId));
                    if (byId.IsNull(8) || sequence == after + 1) break;
                    id = byId.Int64(8);
                    expected = sequence - 1;
                }
                finally
                {
                    byId.Reset();
                }
            }
        }
        var events = upper > after + 1 ? statement(IndexedSql).Int(1, caseId).Int(2, after).Int(3, upper).ReadAll(read) : [];
        chain.Reverse();
        events.AddRange(chain);
        return events;
    }

    /// <summary>The rowid of event (<paramref name="caseId"/>, <paramref name="sequence"/>), or null when there is none
    /// (or its case's chain does not lead to it).</summary>
    public static long? IdOf(Func<string, RawStatement> statement, long caseId, long sequence)
    {
        if (statement(IndexedIdSql).Int(1, caseId).Int(2, sequence).ScalarInt64() is { } indexed) return indexed;
        var id = statement(HeadSql).Int(1, caseId).ReadFirst(s => s.Int64OrNull(0), null);
        var byId = statement(ByIdSql);
        while (id is { } current)
        {
            byId.Int(1, current);
            try
            {
                if (!byId.Step() || byId.Int64(7) != caseId || byId.Int64(0) < sequence) return null;
                if (byId.Int64(0) == sequence) return current;
                id = byId.Int64OrNull(8);
            }
            finally
            {
                byId.Reset();
            }
        }
        return null;
    }

    /// <summary>Every row of case <paramref name="caseId"/> after sequence <paramref name="after"/>, by a scan of the
    /// table: what a chain would not reach included.</summary>
    public static List<T> Scan<T>(Func<string, RawStatement> statement, long caseId, long after, Func<RawStatement, T> read) =>
        statement(ScanSql).Int(1, caseId).Int(2, after).ReadAll(read);
}
