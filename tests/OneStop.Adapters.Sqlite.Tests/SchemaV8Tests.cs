using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 8: case rows and snapshots keyed by the case id from <c>case_ids</c>, whose unique index is the only
/// one on the case number; files of schema 7 are rewritten in place keeping every row, hash and the audit chain.</summary>
public sealed class SchemaV8Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh7 = new(), _fresh8 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh7.Dispose();
        _fresh8.Dispose();
    }

    private object? Scalar(string sql) => _file.Scalar(sql);

    [Fact]
    public async Task Open_Version7File_KeepsEveryCaseSnapshotEventAndTheAuditChain()
    {
        // A file written through the engine, then laid out as schema 7 wrote it (checked against a fresh schema 7 file).
        string[] numbers;
        string open;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            using var host = new EngineOnFile(store);
            numbers = [await host.ConcludedAsync(), await host.ConcludedAsync(), open = await host.AcceptedAsync(), await host.ConcludedAsync()];
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
        }
        var before = await ReadAllAsync(numbers);
        var ids = numbers.Select(n => (long)Scalar($"SELECT case_id FROM case_ids WHERE case_number = '{n}'")!).ToArray();
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, SchemaV9Tests.DowngradeToVersion8 + DowngradeToVersion7);
        Assert.Equal(Layout(Fresh(_fresh7, 7)), Layout(_file));
        Assert.Equal(7L, Scalar("PRAGMA user_version"));

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var after = await ReadAllAsync(numbers, store);
            Assert.Equal(before, after);
            using var host = new EngineOnFile(store);
            var report = await host.Reports.VerifyAsync();
            Assert.True(report.IsIntact);
            Assert.Equal(numbers.Length, report.CasesChecked);
            // The open case goes on, and a new case follows the old ones.
            await host.DecideAsync(open);
            await host.ConcludedAsync();
            Assert.True((await host.Reports.VerifyAsync()).IsIntact);
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal(Layout(Fresh(_fresh8, SqliteSchema.CurrentVersion)), Layout(_file));
        for (var i = 0; i < numbers.Length; i++)
        {
            Assert.Equal(ids[i], Scalar($"SELECT case_id FROM cases WHERE case_number = '{numbers[i]}'"));
            Assert.Equal(ids[i], Scalar($"SELECT snapshot_of FROM snapshots WHERE snapshot_of = {ids[i]}"));
        }
        Assert.Equal(5L, Scalar("SELECT count(*) FROM cases"));
        // Evaluations are keyed by the case's id; one of a number without a case got an id of its own.
        Assert.Equal("Web 2 slow", Scalar(
            "SELECT e.channel || ' ' || e.rating || ' ' || e.comment FROM evaluations e JOIN case_ids k ON k.case_id = e.case_id " +
            "WHERE k.case_number = (SELECT max(case_number) FROM cases WHERE case_id <= " + ids.Max() + " AND concluded_at IS NOT NULL)"));
        Assert.Equal(5L, Scalar("SELECT e.rating FROM evaluations e JOIN case_ids k ON k.case_id = e.case_id WHERE k.case_number = 'NO-CASE'"));
        Assert.Equal(4L, Scalar("SELECT s.snapshot_version FROM snapshots s JOIN case_ids k ON k.case_id = s.snapshot_of WHERE k.case_number = 'NO-ROW'"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public void NewFile_IndexesTheCaseNumberOnceOnly()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        // Only case_ids' unique index holds the number; cases and snapshots have no text key, and the unread
        // ix_cases_concluded is gone.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('cases', 'snapshots') AND name LIKE 'sqlite_autoindex%'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_cases_concluded'"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema s, pragma_index_info(s.name) i WHERE s.type = 'index' AND s.tbl_name = 'cases' AND i.name = 'case_number'"));
        Assert.Equal(1L, Scalar("SELECT pk FROM pragma_table_info('cases') WHERE name = 'case_id'"));
        Assert.Equal(1L, Scalar("SELECT pk FROM pragma_table_info('snapshots') WHERE name = 'snapshot_of'"));
        Assert.Equal("INTEGER", Scalar("SELECT type FROM pragma_table_info('snapshots') WHERE name = 'snapshot_of'"));
    }

    [Fact]
    public async Task Commit_ExistingNumber_RefusedWithNothingWritten()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0));
        var again = Some.Commit("A-1", 0, key: "k-again");
        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => store.CommitAsync(again));
        Assert.Equal(1, ex.ActualVersion);
        Assert.Null(await store.GetCommandAsync("k-again"));
        // An update of a number that has no case is a conflict with version 0, and gives the number no id.
        var missing = await Assert.ThrowsAsync<ConcurrencyException>(() => store.CommitAsync(Some.Commit("Z-9", 1)));
        Assert.Equal(0, missing.ActualVersion);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM case_ids"));
    }

    [Fact]
    public async Task Commit_AfterCaseIdsLostTheirLastRow_NewCaseGetsAnIdPastTheOrphanedRow()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("A-1", 0));
            await store.CommitAsync(Some.Commit("B-1", 0));
        }
        // SQLite would give the next number B-1's id again, which B-1's case row still has.
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, "DELETE FROM case_ids WHERE case_number = 'B-1'");

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("C-1", 0, events: 2));
            Assert.Equal(2, (await store.GetCaseAsync("C-1"))!.Version);
            Assert.Equal([1L, 2L], (await store.ReadEventsAsync("C-1")).Select(e => e.Sequence));
            // B-1's row is no longer found by number, but the audit still lists it (without its events).
            Assert.Null(await store.GetCaseAsync("B-1"));
            var chains = new List<CaseChain>();
            await foreach (var chain in store.ReadChainsAsync()) chains.Add(chain);
            Assert.Equal(["A-1", "B-1", "C-1"], chains.Where(c => c.HasCaseRow).Select(c => c.CaseNumber));
        }
        Assert.Equal(3L, Scalar("SELECT case_id FROM case_ids WHERE case_number = 'C-1'"));
        Assert.Equal(3L, Scalar("SELECT case_id FROM cases WHERE case_number = 'C-1'"));
    }

    /// <summary>Every case's row, snapshot and events as the store returns them, as comparable text.</summary>
    private async Task<List<string>> ReadAllAsync(string[] numbers, SqliteCaseStore? open = null)
    {
        var store = open ?? SqliteCaseStore.Open(_file.Path);
        try
        {
            var all = new List<string>();
            foreach (var n in numbers)
            {
                var c = (await store.GetCaseAsync(n))!;
                all.Add($"{c with { Snapshot = default, ChainHead = default }} snapshot {Convert.ToHexString(c.Snapshot.Span)} at {c.SnapshotVersion} head {Convert.ToHexString(c.ChainHead.Span)}");
                foreach (var e in await store.ReadEventsAsync(n))
                    all.Add($"{e.Sequence} {e.Type} {e.At:O} {e.Actor} {e.CommandKey} {Convert.ToHexString(e.Payload.Span)} {Convert.ToHexString(e.Hash.Span)}");
            }
            var found = await store.SearchCasesAsync(new CaseQuery(Limit: 100));
            all.Add(string.Join(",", found.Items.Select(c => c.CaseNumber)));
            return all;
        }
        finally
        {
            if (open is null) await store.DisposeAsync();
        }
    }

    /// <summary>The tables and indexes of a file with each one's columns, for comparing layouts.</summary>
    internal static List<string> Layout(TempFile file) =>
        file.Texts(
            """
            SELECT s.type || ' ' || s.name || ' on ' || s.tbl_name || ': ' ||
              coalesce((SELECT group_concat(name || ' ' || type || ' ' || pk, ', ') FROM pragma_table_info(s.name)), '') ||
              coalesce((SELECT group_concat(coalesce(name, '<expr>'), ', ') FROM pragma_index_info(s.name)), '') ||
              ' partial ' || (coalesce(s.sql, '') LIKE '% WHERE %')
            FROM sqlite_schema s WHERE s.name NOT LIKE 'sqlite_%' OR s.type = 'index' ORDER BY s.name
            """);

    internal static TempFile Fresh(TempFile file, int version)
    {
        using var connection = file.Connect();
        SqliteSchema.Migrate(connection, version);
        return file;
    }

    /// <summary>Lays a schema 8 file out as schema 7 did: cases and snapshots keyed by the case number, the concluded index.</summary>
    private const string DowngradeToVersion7 =
        """
        CREATE TABLE cases_7 (
            case_number  TEXT PRIMARY KEY,
            item_code    TEXT NOT NULL,
            item_version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            department   TEXT NOT NULL,
            kind         TEXT NOT NULL,
            state        TEXT NOT NULL,
            outcome      TEXT,
            applicant    TEXT,
            version      INTEGER NOT NULL,
            submitted_at INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL,
            concluded_at INTEGER,
            earliest_due INTEGER,
            chain_head BLOB, accepted_at INTEGER, due_at INTEGER, limit_minutes INTEGER, finished_at INTEGER, result TEXT,
            working_minutes INTEGER, on_time INTEGER, early INTEGER
        );
        INSERT INTO cases_7 SELECT case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at,
          updated_at, concluded_at, earliest_due, chain_head, accepted_at, due_at, limit_minutes, finished_at, result, working_minutes, on_time, early
          FROM cases ORDER BY case_number DESC;
        CREATE TABLE snapshots_7 (snapshot_of TEXT PRIMARY KEY, snapshot_version INTEGER NOT NULL, snapshot BLOB NOT NULL, snapshot_size INTEGER);
        INSERT INTO snapshots_7 SELECT k.case_number, s.snapshot_version, s.snapshot, s.snapshot_size FROM snapshots s JOIN case_ids k ON k.case_id = s.snapshot_of;
        DROP TABLE snapshots;
        ALTER TABLE snapshots_7 RENAME TO snapshots;
        DROP TABLE cases;
        ALTER TABLE cases_7 RENAME TO cases;
        CREATE INDEX ix_cases_due ON cases (earliest_due) WHERE earliest_due IS NOT NULL;
        CREATE INDEX ix_cases_submitted ON cases (submitted_at);
        CREATE INDEX ix_cases_applicant ON cases (applicant, submitted_at) WHERE applicant IS NOT NULL;
        CREATE INDEX ix_cases_state ON cases (state, submitted_at);
        CREATE INDEX ix_cases_item ON cases (item_code, submitted_at);
        CREATE INDEX ix_cases_department ON cases (department, submitted_at);
        CREATE INDEX ix_cases_concluded ON cases (concluded_at, item_code, department) WHERE concluded_at IS NOT NULL;
        CREATE INDEX ix_cases_finished ON cases (finished_at, item_code, department, kind, result, on_time, early, working_minutes) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_item ON cases (item_code, finished_at, on_time, early, working_minutes, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_department ON cases (department, finished_at, on_time, early, working_minutes, item_code) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_kind ON cases (kind, finished_at, on_time, early, working_minutes, item_code, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_result ON cases (result, finished_at, on_time, early, working_minutes, item_code, department) WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_duration ON cases (working_minutes, finished_at, item_code, department) WHERE working_minutes IS NOT NULL;
        CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department, state) WHERE due_at IS NOT NULL AND finished_at IS NULL;
        CREATE TABLE evaluations_7 (
            case_number TEXT NOT NULL, channel TEXT NOT NULL, rating INTEGER NOT NULL, at INTEGER NOT NULL, item_code TEXT NOT NULL, department TEXT NOT NULL,
            comment TEXT, contact_due INTEGER, rectify_due INTEGER, contacted_at INTEGER, rectified_at INTEGER, PRIMARY KEY (case_number, channel)
        ) WITHOUT ROWID;
        INSERT INTO evaluations_7 SELECT k.case_number, e.channel, e.rating, e.at, e.item_code, e.department, e.comment, e.contact_due, e.rectify_due,
          e.contacted_at, e.rectified_at FROM evaluations e JOIN case_ids k ON k.case_id = e.case_id;
        DROP TABLE evaluations;
        ALTER TABLE evaluations_7 RENAME TO evaluations;
        CREATE INDEX ix_evaluations_at ON evaluations (at, rating, item_code, department);
        CREATE INDEX ix_evaluations_open ON evaluations (rectify_due) WHERE rectify_due IS NOT NULL AND rectified_at IS NULL;
        INSERT INTO evaluations VALUES ((SELECT max(case_number) FROM cases WHERE concluded_at IS NOT NULL), 'Web', 2, 1000, 'item', '市教育局', 'slow', 5, 6, NULL, NULL),
          ('NO-CASE', 'Window', 5, 1001, 'item', '市教育局', NULL, NULL, NULL, NULL, NULL);
        INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES ('NO-ROW', 4, x'7B7D');
        PRAGMA user_version = 7;
        """;
}
