using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 12: <c>ix_cases_open_due</c> no longer holds the case's state; the overdue list reads the same, a
/// state change of an open case leaves the index alone, and files of schema 11 upgrade in place with every case row as
/// it was.</summary>
public sealed class SchemaV12Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh11 = new(), _fresh12 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh11.Dispose();
        _fresh12.Dispose();
    }

    /// <summary>Lays a schema 12 file out as schema 11 did: the overdue list's index with the state last in its key, in
    /// the very text schema 8 wrote (<c>sqlite_schema</c> keeps it as written).</summary>
    internal const string DowngradeToVersion11 =
        """
        DROP INDEX ix_cases_open_due;
        CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department, state)
          WHERE due_at IS NOT NULL AND finished_at IS NULL;
        PRAGMA user_version = 11;
        """;

    private static readonly DateTimeOffset Now = Some.T0.AddDays(30);

    private object? Scalar(string sql) => _file.Scalar(sql);

    // Open accepted cases past due (in progress, suspended, returned for correction), not yet due, finished, and not
    // accepted; over two items and two departments, two of them due at the same instant.
    private static readonly CaseRecord[] Cases =
    [
        Open("C1", "InProgress", "i1", "d1", dueDay: 3),
        Open("C2", "Suspended", "i1", "d1", dueDay: 1),
        Open("C3", "InProgress", "i2", "d1", dueDay: 5),
        Open("C4", "Correcting", "i2", "d2", dueDay: 5),
        Open("C5", "InProgress", "i1", "d2", dueDay: 40),
        Open("C6", "Decided", "i1", "d2", dueDay: 2) with { Metrics = Metrics(2) with { FinishedAt = Some.T0.AddDays(1), Result = "Approved" } },
        Open("C7", "Submitted", "i2", "d2", dueDay: 1) with { Metrics = null },
        Open("C8", "InProgress", "i2", "d2", dueDay: 9),
    ];

    private static CaseRecord Open(string number, string state, string item, string department, int dueDay) =>
        Some.Case(number, 1, state, item, department) with { Metrics = Metrics(dueDay) };

    private static CaseMetrics Metrics(int dueDay) => new(Some.T0, Some.T0.AddDays(dueDay), 600, null, null, null, null, null);

    private static readonly StatisticsQuery[] Queries =
    [
        new(), new() { ItemCode = "i1" }, new() { Department = "d2" }, new() { ItemCode = "i2", Department = "d1" }, new() { OverdueLimit = 2 },
    ];

    private static async Task<List<string>> OverdueAsync(IStatisticsStore store)
    {
        var lists = new List<string>();
        foreach (var query in Queries)
        {
            var report = await store.GetStatisticsAsync(query, Now);
            lists.Add($"{query.ItemCode}/{query.Department}: {report.OverdueTotal} = {string.Join(", ", report.Overdue)}");
        }
        return lists;
    }

    private static async Task WriteCasesAsync(ICaseStore store)
    {
        foreach (var c in Cases) await store.CommitAsync(Some.Commit(c.CaseNumber, 0, record: c));
    }

    // State changes of open cases without a move of their due instant: C2 resumes, C1 is suspended, C4 is corrected.
    private static async Task ChangeStatesAsync(ICaseStore store)
    {
        foreach (var (number, state) in new[] { ("C2", "InProgress"), ("C1", "Suspended"), ("C4", "InProgress") })
        {
            var c = Cases.Single(x => x.CaseNumber == number);
            await store.CommitAsync(Some.Commit(number, 1, record: Some.Case(number, 2, state, c.ItemCode, c.Department) with { Metrics = c.Metrics }));
        }
    }

    /// <summary>The lists the in-memory store gives (the conformance reference), before and after the state changes.</summary>
    private static async Task<(List<string> Before, List<string> After)> ExpectedAsync()
    {
        var memory = new InMemoryCaseStore();
        await WriteCasesAsync(memory);
        var before = await OverdueAsync(memory);
        await ChangeStatesAsync(memory);
        return (before, await OverdueAsync(memory));
    }

    private List<string> CaseRows() =>
        _file.Texts("SELECT quote(case_id) || quote(case_number) || quote(state) || quote(version) || quote(due_at) || quote(finished_at) || quote(last_event) FROM cases ORDER BY case_id");

    private string? IndexSql(string name) => (string?)Scalar($"SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = '{name}'");

    [Fact]
    public async Task NewFile_OpenDueIndexWithoutState_OverdueListsUnchanged()
    {
        var (before, after) = await ExpectedAsync();
        Assert.NotEqual(before, after);
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await WriteCasesAsync(store);
            Assert.Equal(before, await OverdueAsync(store));
            await ChangeStatesAsync(store);
            Assert.Equal(after, await OverdueAsync(store));
        }
        Assert.Equal(
            "CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department) WHERE due_at IS NOT NULL AND finished_at IS NULL",
            IndexSql("ix_cases_open_due"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public void UpdateOfState_NeverWritesTheOpenDueIndex()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        // SQLite updates an index when the UPDATE sets a column of its key or of its WHERE: the plan of the writer's
        // state-setting UPDATE names every index it writes in an OpenWrite of its b-tree.
        using var connection = _file.Connect();
        var root = (long)SqliteSchema.Scalar(connection, "SELECT rootpage FROM sqlite_schema WHERE name = 'ix_cases_open_due'")!;
        var stateRoot = (long)SqliteSchema.Scalar(connection, "SELECT rootpage FROM sqlite_schema WHERE name = 'ix_cases_state'")!;
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN UPDATE cases SET version = ?3, state = ?6, outcome = ?7, concluded_at = ?8 WHERE case_id = ?1 AND version = ?2";
        var written = new List<long>();
        using (var reader = explain.ExecuteReader())
        {
            while (reader.Read())
                if (reader.GetString(1) == "OpenWrite") written.Add(reader.GetInt64(3));
        }
        Assert.Contains(stateRoot, written);
        Assert.DoesNotContain(root, written);
    }

    [Fact]
    public async Task Open_Version11File_KeepsEveryCaseRowAndListsTheSame()
    {
        var (before, after) = await ExpectedAsync();
        await using (var store = SqliteCaseStore.Open(_file.Path)) await WriteCasesAsync(store);
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion11);
        SchemaV8Tests.Fresh(_fresh11, 11);
        SchemaV8Tests.Fresh(_fresh12, SqliteSchema.CurrentVersion);
        Assert.Equal(IndexSqls(_fresh11), IndexSqls(_file));
        var rows = CaseRows();

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
            Assert.Equal(rows, CaseRows());
            Assert.Equal(before, await OverdueAsync(store));
            // The rebuilt index is kept up to date.
            await ChangeStatesAsync(store);
            Assert.Equal(after, await OverdueAsync(store));
        }
        Assert.Equal(IndexSqls(_fresh12), IndexSqls(_file));
        Assert.Equal(SchemaV8Tests.Layout(_fresh12), SchemaV8Tests.Layout(_file));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    /// <summary>Every index's name and SQL (the layout of <see cref="SchemaV8Tests.Layout"/> does not show a WHERE).</summary>
    private static List<string> IndexSqls(TempFile file) =>
        file.Texts("SELECT name || ': ' || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name");

    [Fact]
    public async Task Open_Version11FileOfAnotherApplication_RefusedUnchanged()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path)) await WriteCasesAsync(store);
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion11 + "PRAGMA application_id = 1;");
        var before = _file.ReadAll();
        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path));
        Assert.Equal(StoreFileProblem.Foreign, ex.Problem);
        Assert.Contains("another application", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(before, _file.ReadAll());
        Assert.Equal(11L, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public async Task Open_DamagedVersion11File_RefusedUnchanged()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            for (var i = 0; i < 200; i++)
                await store.CommitAsync(Some.Commit("C" + i, 0, record: Some.Case("C" + i, 1, "InProgress", snapshot: new string('s', 500)) with { Metrics = Metrics(i % 40) }));
        }
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion11);
        // Scribble over the middle of the file: b-tree pages no longer parse.
        var bytes = _file.ReadAll();
        var pageSize = (int)(long)Scalar("PRAGMA page_size")!;
        for (var page = 2; page < bytes.Length / pageSize - 1; page += 3)
            Array.Fill(bytes, (byte)0xA5, page * pageSize, 64);
        File.WriteAllBytes(_file.Path, bytes);

        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path));
        Assert.Equal(StoreFileProblem.Damaged, ex.Problem);
        Assert.NotEmpty(ex.Reason);
        Assert.Equal(bytes, _file.ReadAll());
    }
}
