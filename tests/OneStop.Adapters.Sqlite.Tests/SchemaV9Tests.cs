using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 9: a case's events linked to each other (<c>events.prev</c>) and to the case row
/// (<c>cases.last_event</c>), only the unlinked ones in <c>ux_events_case</c>; files of schema 8 upgrade in place.</summary>
public sealed class SchemaV9Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh8 = new(), _fresh9 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh8.Dispose();
        _fresh9.Dispose();
    }

    /// <summary>Lays a schema 9 file (or a later one, laid out as schema 9 first) out as schema 8 did: no links, every event
    /// in the index.</summary>
    internal const string DowngradeToVersion8 = SchemaV10Tests.DowngradeToVersion9 +
        """
        DROP INDEX ux_events_case;
        ALTER TABLE events DROP COLUMN prev;
        ALTER TABLE cases DROP COLUMN last_event;
        CREATE UNIQUE INDEX ux_events_case ON events (case_id, sequence);
        PRAGMA user_version = 8;
        """;

    private object? Scalar(string sql) => _file.Scalar(sql);

    [Fact]
    public async Task NewFile_LinksEveryEventButTheFirstOfEachCase()
    {
        string[] numbers;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            numbers = [await host.ConcludedAsync(), await host.AcceptedAsync(), await host.ConcludedAsync()];
            foreach (var n in numbers)
            {
                var events = await store.ReadEventsAsync(n);
                Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
                var version = (await store.GetCaseRowAsync(n))!.Version;
                Assert.Equal(version, events.Count);
                // After any sequence: exactly the events after it, whichever way they are found.
                for (var after = 0; after <= version; after++)
                    Assert.Equal(events.Skip(after).Select(e => e.Sequence), (await store.ReadEventsAsync(n, after)).Select(e => e.Sequence));
            }
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
        }
        Assert.Equal((long)numbers.Length, Scalar("SELECT count(*) FROM events WHERE prev IS NULL"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM events e JOIN events p ON p.id = e.prev WHERE p.case_id <> e.case_id OR p.sequence <> e.sequence - 1"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM cases c JOIN events e ON e.id = c.last_event WHERE e.case_id <> c.case_id OR e.sequence <> c.version"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM cases WHERE last_event IS NULL"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('events') WHERE name = 'ux_events_case' AND \"unique\" = 1 AND partial = 1"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version8File_KeepsEveryEventAndLinksTheNextOnes()
    {
        string[] numbers;
        string open;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            numbers = [await host.ConcludedAsync(), open = await host.AcceptedAsync(), await host.ConcludedAsync()];
        }
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion8);
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh8, 8)), SchemaV8Tests.Layout(_file));

        var openVersion = 0L;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
            openVersion = (await store.GetCaseRowAsync(open))!.Version;
            // The open case goes on: its next event links to the last one written by schema 8 (still in the index).
            await host.DecideAsync(open);
            var events = await store.ReadEventsAsync(open);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.True(events.Count > openVersion);
            for (var after = 0; after <= events.Count; after++)
                Assert.Equal(events.Skip(after).Select(e => e.Sequence), (await store.ReadEventsAsync(open, after)).Select(e => e.Sequence));
            await host.ConcludedAsync();
            var report = await host.Reports.VerifyAsync();
            Assert.True(report.IsIntact);
            Assert.Equal(numbers.Length + 1, report.CasesChecked);
        }
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh9, SqliteSchema.CurrentVersion)), SchemaV8Tests.Layout(_file));
        var openId = Scalar($"SELECT case_id FROM case_ids WHERE case_number = '{open}'");
        Assert.Equal(Scalar($"SELECT id FROM events WHERE case_id = {openId} AND sequence = {openVersion}"),
            Scalar($"SELECT prev FROM events WHERE case_id = {openId} AND sequence = {openVersion + 1}"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task BrokenLink_ReadsWhatIsThere()
    {
        string number;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            number = await host.ConcludedAsync();
        }
        var id = Scalar($"SELECT case_id FROM case_ids WHERE case_number = '{number}'");
        var count = (long)Scalar($"SELECT count(*) FROM events WHERE case_id = {id}")!;
        Assert.True(count >= 4);
        // A link edited by hand to point elsewhere: the read falls back to the table and returns every event there is.
        using (var connection = _file.Connect())
            SqliteSchema.Execute(connection, $"UPDATE events SET prev = 1 WHERE case_id = {id} AND sequence = 3");
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var events = await store.ReadEventsAsync(number);
            Assert.Equal(Enumerable.Range(1, (int)count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.Equal([count], (await store.ReadEventsAsync(number, count - 1)).Select(e => e.Sequence));
            var chain = (await store.ReadChainAsync(number))!;
            Assert.Equal(count, chain.Events.Count);
        }
    }
}
