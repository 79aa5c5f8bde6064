using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 7 keys the event log by an integer case id (<c>case_ids</c>) instead of the case number: files of
/// schema 6 are rewritten in place keeping every event, its bytes, hash and id, and every read returns what it did.</summary>
public sealed class EventLogKeyTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    [Fact]
    public async Task Open_Version6File_RewritesTheEventLogKeepingEveryEvent()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 6);
            // Out of case order; B-1 has events but no case row (the audit must still name it).
            SqliteSchema.Execute(connection,
                """
                INSERT INTO cases (case_number, item_code, item_version, content_hash, department, kind, state, version, submitted_at, updated_at)
                  VALUES ('A-1', 'item', 1, 'hash', '市教育局', 'Promised', 'Accepted', 3, 10, 20),
                         ('C-1', 'item', 1, 'hash', '市教育局', 'Promised', 'Accepted', 0, 10, 20);
                INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES
                  ('A-1', 2, 'T2', 102, 'a', 'k2', randomblob(700), x'0207'),
                  ('B-1', 1, 'T1', 201, 'b', 'kb', x'7B7D', x'0B'),
                  ('A-1', 1, 'T1', 101, 'a', 'k1', x'01', x'0107'),
                  ('A-1', 3, 'T3', 103, 'a', 'k3', x'', x'0307');
                """);
        }
        var before = Rows(6);

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var events = await store.ReadEventsAsync("A-1");
            Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
            Assert.Equal(["k1", "k2", "k3"], events.Select(e => e.CommandKey));
            Assert.Equal([3L], (await store.ReadEventsAsync("A-1", afterSequence: 2)).Select(e => e.Sequence));
            Assert.Empty(await store.ReadEventsAsync("C-1"));

            var chains = await ToListAsync(store.ReadChainsAsync());
            Assert.Equal(["A-1", "B-1", "C-1"], chains.Select(c => c.CaseNumber));
            Assert.Equal([true, false, true], chains.Select(c => c.HasCaseRow));
            Assert.Equal([3, 1, 0], chains.Select(c => c.Events.Count));
            var b = (await store.ReadChainAsync("B-1"))!;
            Assert.False(b.HasCaseRow);
            Assert.Equal(new byte[] { 0x0B }, Assert.Single(b.Events).Hash.ToArray());

            // The case keeps its id; a new one gets the next.
            await store.CommitAsync(Some.Commit("A-1", 3));
            await store.CommitAsync(Some.Commit("D-1", 0, events: 2));
            Assert.Equal([1L, 2L, 3L, 4L], (await store.ReadEventsAsync("A-1")).Select(e => e.Sequence));
            Assert.Equal([1L, 2L], (await store.ReadEventsAsync("D-1")).Select(e => e.Sequence));
        }

        // Every event kept its id, bytes and hash, now under its case's id.
        Assert.Equal(before, Rows(7).Take(before.Count));
        Assert.Equal(4L, Scalar("SELECT case_id FROM case_ids WHERE case_number = 'D-1'"));
        Assert.Equal([1L, 4L, 4L], new[] { 5, 6, 7 }.Select(id => (long)Scalar($"SELECT case_id FROM events WHERE id = {id}")!));
        Assert.Equal("integer", Scalar("SELECT DISTINCT typeof(case_id) FROM events"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'case_number'"));
        Assert.Equal("case_id,sequence", Scalar("SELECT group_concat(name) FROM (SELECT name FROM pragma_index_info('ux_events_case') ORDER BY seqno)"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task ReadChains_CasesFiledOutOfNumberOrder_StreamsInNumberOrder()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            foreach (var n in new[] { "Z-9", "A-1", "M-5" }) await store.CommitAsync(Some.Commit(n, 0, events: 2));
            await store.CommitAsync(Some.Commit("A-1", 2));

            var chains = await ToListAsync(store.ReadChainsAsync());

            Assert.Equal(["A-1", "M-5", "Z-9"], chains.Select(c => c.CaseNumber));
            Assert.Equal([3, 2, 2], chains.Select(c => c.Events.Count));
            Assert.All(chains, c => Assert.All(c.Events, e => Assert.Equal(c.CaseNumber, e.CaseNumber)));
            Assert.Equal([1L, 2L, 3L], chains[0].Events.Select(e => e.Sequence));
        }
        // Ids follow filing order, not number order.
        Assert.Equal(1L, Scalar("SELECT case_id FROM case_ids WHERE case_number = 'Z-9'"));
    }

    [Fact]
    public async Task Commit_CaseRowDeletedBehindTheStore_KeepsTheCaseId()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("A-1", 0));
        }
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, "DELETE FROM cases");
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            // Filed again (the row is gone): the number keeps its id, so its old event 1 refuses a second event 1.
            var clash = await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(Some.Commit("A-1", 0, key: "again")));
            Assert.Contains("events.case_id", clash.Message, StringComparison.Ordinal);
            await store.CommitAsync(Some.Commit("B-1", 0));
        }
        Assert.Equal(1L, Scalar("SELECT count(*) FROM case_ids WHERE case_number = 'A-1'"));
        Assert.Equal(2L, Scalar("SELECT case_id FROM case_ids WHERE case_number = 'B-1'"));
    }

    /// <summary>Every event as (id, case number, sequence, type, at, actor, key, payload, hash), by id.</summary>
    private List<string> Rows(int version)
    {
        var caseNumber = version < 7 ? "e.case_number" : "(SELECT case_number FROM case_ids k WHERE k.case_id = e.case_id)";
        return _file.Texts($"SELECT e.id || '|' || {caseNumber} || '|' || e.sequence || '|' || e.type || '|' || e.at || '|' || e.actor || '|' || " +
            "e.command_key || '|' || hex(e.payload) || '|' || hex(e.hash) FROM events e ORDER BY e.id");
    }

    private static async Task<List<CaseChain>> ToListAsync(IAsyncEnumerable<CaseChain> chains)
    {
        var list = new List<CaseChain>();
        await foreach (var c in chains) list.Add(c);
        return list;
    }
}
