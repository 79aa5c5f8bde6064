using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

public sealed class StoreFileTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private static object? Pragma(string path, string pragma)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return SqliteSchema.Scalar(connection, pragma);
    }

    private static void Raw(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        SqliteSchema.Execute(connection, sql);
    }

    private StoreFileException AssertRefusedUnchanged(StoreFileProblem problem)
    {
        var before = _file.ReadAll();
        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path));
        Assert.Equal(problem, ex.Problem);
        Assert.Equal(Path.GetFullPath(_file.Path), ex.Path);
        Assert.Contains(ex.Path, ex.Message);
        Assert.Equal(before, _file.ReadAll());
        Assert.False(File.Exists(_file.Path + "-wal") && new FileInfo(_file.Path + "-wal").Length > 0);
        return ex;
    }

    [Fact]
    public async Task Open_NewFile_CreatesWalStoreWithApplicationIdAndCurrentVersion()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            Assert.Equal(2L, await store.ReadWriterPragmaAsync("synchronous"));
            Assert.Equal("wal", await store.ReadWriterPragmaAsync("journal_mode"));
        }

        Assert.Equal((long)SqliteSchema.ApplicationId, Pragma(_file.Path, "PRAGMA application_id"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, Pragma(_file.Path, "PRAGMA user_version"));
        Assert.Equal("wal", Pragma(_file.Path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Open_SynchronousNormal_AppliesToWriter()
    {
        await using var store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { Synchronous = SqliteSynchronousMode.Normal });
        Assert.Equal(1L, await store.ReadWriterPragmaAsync("synchronous"));
    }

    [Fact]
    public async Task Open_ReopenedFile_KeepsCommittedData()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m1", "C1")], tasks: [Some.Task("t1", "C1")]));
            await store.CommitAsync(Some.Commit("C1", 1));
        }

        await using var reopened = SqliteCaseStore.Open(_file.Path);
        Assert.Equal(2, (await reopened.GetCaseAsync("C1"))!.Version);
        Assert.Equal(2, (await reopened.ReadEventsAsync("C1")).Count);
        Assert.Single(await reopened.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
        await reopened.CommitAsync(Some.Commit("C1", 2));
        Assert.Equal(3, (await reopened.GetCaseAsync("C1"))!.Version);
    }

    [Fact]
    public void Open_TextFile_RefusedAsNotSqliteAndUnchanged()
    {
        File.WriteAllText(_file.Path, "item: 000104002000\nname: 民办学校办学许可\n" + new string('x', 200));
        AssertRefusedUnchanged(StoreFileProblem.NotSqlite);
    }

    [Fact]
    public void Open_TinyFile_RefusedAsNotSqlite()
    {
        File.WriteAllBytes(_file.Path, [1, 2, 3]);
        AssertRefusedUnchanged(StoreFileProblem.NotSqlite);
    }

    [Fact]
    public void Open_ForeignSqliteDatabase_RefusedAndUnchanged()
    {
        Raw(_file.Path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x');");
        var ex = AssertRefusedUnchanged(StoreFileProblem.Foreign);
        Assert.Contains("another application", ex.Reason);
    }

    [Fact]
    public void Open_NewerVersion_RefusedAndUnchanged()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        Raw(_file.Path, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1}");
        var ex = AssertRefusedUnchanged(StoreFileProblem.NewerVersion);
        Assert.Contains((SqliteSchema.CurrentVersion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Reason);
    }

    [Fact]
    public void Open_Version7FileWithoutCaseIds_RefusedAndUnchanged()
    {
        // What an unreleased development build of schema 7 wrote: version 7, the event log still keyed by case number.
        using (var connection = _file.Connect()) SqliteSchema.Migrate(connection, 7);
        Raw(_file.Path, "DROP TABLE case_ids");
        var ex = AssertRefusedUnchanged(StoreFileProblem.Damaged);
        Assert.Contains("case_ids", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Version7FileWithoutMessageKey_RefusedAndUnchanged()
    {
        // What the unreleased schema 7 before the outbox's compact message key wrote.
        using (var connection = _file.Connect()) SqliteSchema.Migrate(connection, 7);
        Raw(_file.Path, "DROP INDEX ux_outbox_key; DROP INDEX ux_outbox_message; ALTER TABLE outbox DROP COLUMN message_key; CREATE UNIQUE INDEX ux_outbox_message ON outbox (message_id)");
        var ex = AssertRefusedUnchanged(StoreFileProblem.Damaged);
        Assert.Contains("message_key", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DamagedFile_RefusedAndUnchanged()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            for (var i = 0; i < 200; i++)
                await store.CommitAsync(Some.Commit("C" + i, 0, record: Some.Case("C" + i, 1, snapshot: new string('s', 500))));
        }
        // Scribble over the middle of the file: b-tree pages no longer parse.
        var bytes = _file.ReadAll();
        var pageSize = 4096;
        for (var page = 2; page < bytes.Length / pageSize - 1; page += 3)
            Array.Fill(bytes, (byte)0xA5, page * pageSize, 64);
        File.WriteAllBytes(_file.Path, bytes);

        var ex = AssertRefusedUnchanged(StoreFileProblem.Damaged);
        Assert.NotEmpty(ex.Reason);
    }

    [Fact]
    public void Open_EmptySqliteDatabase_BecomesStore()
    {
        Raw(_file.Path, "PRAGMA user_version = 0");
        using var store = SqliteCaseStore.Open(_file.Path);
        Assert.Equal((long)SqliteSchema.ApplicationId, Pragma(_file.Path, "PRAGMA application_id"));
    }

    [Fact]
    public void Open_MissingFileWithoutCreate_RefusedAsNotFound()
    {
        var ex = Assert.Throws<StoreFileException>(() => SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { CreateIfMissing = false }));
        Assert.Equal(StoreFileProblem.NotFound, ex.Problem);
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public void Open_InvalidOptions_ListsEveryProblemAndCreatesNothing()
    {
        var bad = new SqliteStoreOptions { MaxBatchSize = 0, BusyTimeout = TimeSpan.FromSeconds(-1), Synchronous = (SqliteSynchronousMode)9 };
        var ex = Assert.Throws<ArgumentException>(() => SqliteCaseStore.Open(_file.Path, bad));
        Assert.Contains("MaxBatchSize", ex.Message);
        Assert.Contains("BusyTimeout", ex.Message);
        Assert.Contains("Synchronous", ex.Message);
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public async Task Open_Version1File_UpgradedInPlaceKeepingData()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 1);
            SqliteSchema.Execute(connection,
                """
                INSERT INTO cases (case_number, item_code, item_version, content_hash, department, kind, state, version, submitted_at, updated_at, snapshot)
                VALUES ('OLD-1', 'I1', 1, 'h', '市教育局', 'Promised', 'Accepted', 1, 638000000000000000, 638000000000000000, x'7B7D');
                INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash)
                VALUES ('OLD-1', 1, 'CaseSubmitted', 638000000000000000, 'a', 'k', x'7B7D', x'');
                """);
        }
        Assert.Equal(1L, Pragma(_file.Path, "PRAGMA user_version"));

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var c = await store.GetCaseAsync("OLD-1");
            Assert.Equal("Accepted", c!.State);
            Assert.Single((await store.SearchCasesAsync(new Engine.Storage.CaseQuery(State: "Accepted"))).Items);
            await store.CommitAsync(Some.Commit("OLD-1", 1));
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Pragma(_file.Path, "PRAGMA user_version"));
        Assert.Equal(1L, Pragma(_file.Path, "SELECT count(*) FROM sqlite_schema WHERE name = 'ix_cases_state'"));
    }
}
