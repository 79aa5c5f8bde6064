using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Tests.Statistics;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Snapshots in their own table (schema 5): commands without one never touch it, files of schema 4 are upgraded
/// in place with their snapshots, and the engine rebuilds cases from a reopened file.</summary>
public sealed class SnapshotStorageTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private long Scalar(string sql)
    {
        using var connection = _file.Connect();
        return (long)SqliteSchema.Scalar(connection, sql)!;
    }

    [Fact]
    public async Task Commit_WithoutSnapshot_NeverWritesTheSnapshotRow()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        using (var connection = _file.Connect())
        {
            // Counts every write to the snapshots table, by whoever makes it.
            SqliteSchema.Execute(connection,
                """
                CREATE TABLE snapshot_writes (at_version INTEGER NOT NULL);
                CREATE TRIGGER snapshot_inserted AFTER INSERT ON snapshots BEGIN INSERT INTO snapshot_writes VALUES (new.snapshot_version); END;
                CREATE TRIGGER snapshot_updated AFTER UPDATE ON snapshots BEGIN INSERT INTO snapshot_writes VALUES (new.snapshot_version); END;
                """);
        }

        await using (var store = SqliteCaseStore.Open(_file.Path))
        using (var host = new EngineOnFile(store, configure: o => o.SnapshotInterval = 1000))
        {
            var n = await host.AcceptedAsync();
            Assert.Equal(1, Scalar("SELECT count(*) FROM snapshot_writes"));
            await host.DecideAsync(n);
            Assert.Equal(1, Scalar("SELECT count(*) FROM snapshot_writes"));

            await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));

            // Closing the case stores its final snapshot.
            var row = (await store.GetCaseAsync(n))!;
            Assert.Equal(row.Version, row.SnapshotVersion);
            Assert.Equal(2, Scalar("SELECT count(*) FROM snapshot_writes"));
            Assert.Equal(row.Version, Scalar("SELECT max(at_version) FROM snapshot_writes"));
        }
    }

    [Fact]
    public async Task Engine_ReopenedFile_RebuildsTheCaseFromSnapshotAndTailAndContinuesIt()
    {
        string n;
        CaseView before;
        await using (var store = SqliteCaseStore.Open(_file.Path))
        using (var host = new EngineOnFile(store, configure: o => o.SnapshotInterval = 1000))
        {
            n = await host.AcceptedAsync();
            before = (await host.Engine.GetCaseAsync(n))!;
            var row = (await store.GetCaseAsync(n))!;
            Assert.True(row.SnapshotVersion < row.Version, "the accepted case should be ahead of its stored snapshot");
        }

        await using (var store = SqliteCaseStore.Open(_file.Path))
        using (var host = new EngineOnFile(store, configure: o => o.SnapshotInterval = 1000))
        {
            var after = (await host.Engine.GetCaseAsync(n))!;
            Assert.Equal(before.State, after.State);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.OpenTasks, after.OpenTasks);
            Assert.Equal(before.Timeline, after.Timeline);

            await host.DecideAsync(n);
            await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
            Assert.Equal(CaseState.Concluded, (await host.Engine.GetCaseAsync(n))!.State);
        }
    }

    [Fact]
    public async Task Open_Version4File_MovesSnapshotsToTheirTableAndCasesContinue()
    {
        // A case as schema 4 kept it: the row with its current snapshot, its events and its pinned definition. The rows
        // come from the engine itself (storing a snapshot with every command, as every build before schema 5 did).
        var memory = new InMemoryCaseStore();
        string n;
        using (var host = new EngineOnFile(memory, configure: o => o.SnapshotInterval = 1))
            n = await host.AcceptedAsync();
        var row = (await memory.GetCaseAsync(n))!;
        var events = await memory.ReadEventsAsync(n);
        var definition = (await memory.GetDefinitionAsync(row.ContentHash))!;
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 4);
            using var insert = connection.CreateCommand();
            insert.CommandText =
                """
                INSERT INTO cases (case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version,
                  submitted_at, updated_at, concluded_at, earliest_due, snapshot, chain_head)
                VALUES ($c, $item, $iv, $hash, $dept, $kind, $state, NULL, $applicant, $version, $submitted, $updated, NULL, $due, $snapshot, $head);
                INSERT INTO definitions (content_hash, item_code, item_version, text) VALUES ($hash, $item, $iv, $text);
                """;
            insert.Parameters.AddWithValue("$c", n);
            insert.Parameters.AddWithValue("$item", row.ItemCode);
            insert.Parameters.AddWithValue("$iv", row.ItemVersion);
            insert.Parameters.AddWithValue("$hash", row.ContentHash);
            insert.Parameters.AddWithValue("$dept", row.Department);
            insert.Parameters.AddWithValue("$kind", row.Kind);
            insert.Parameters.AddWithValue("$state", row.State);
            insert.Parameters.AddWithValue("$applicant", row.Applicant);
            insert.Parameters.AddWithValue("$version", row.Version);
            insert.Parameters.AddWithValue("$submitted", row.SubmittedAt.UtcTicks);
            insert.Parameters.AddWithValue("$updated", row.UpdatedAt.UtcTicks);
            insert.Parameters.AddWithValue("$due", (object?)row.EarliestDue?.UtcTicks ?? DBNull.Value);
            insert.Parameters.AddWithValue("$snapshot", row.Snapshot.ToArray());
            insert.Parameters.AddWithValue("$head", row.ChainHead.ToArray());
            insert.Parameters.AddWithValue("$text", definition.Text);
            insert.ExecuteNonQuery();
            foreach (var e in events)
            {
                using var ev = connection.CreateCommand();
                ev.CommandText = "INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES ($c, $s, $t, $at, $a, $k, $p, $h)";
                ev.Parameters.AddWithValue("$c", n);
                ev.Parameters.AddWithValue("$s", e.Sequence);
                ev.Parameters.AddWithValue("$t", e.Type);
                ev.Parameters.AddWithValue("$at", e.At.UtcTicks);
                ev.Parameters.AddWithValue("$a", e.Actor);
                ev.Parameters.AddWithValue("$k", e.CommandKey);
                ev.Parameters.AddWithValue("$p", e.Payload.ToArray());
                ev.Parameters.AddWithValue("$h", e.Hash.ToArray());
                ev.ExecuteNonQuery();
            }
        }
        Assert.Equal(4, Scalar("PRAGMA user_version"));

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var upgraded = (await store.GetCaseAsync(n))!;
            Assert.Equal(row.Snapshot.ToArray(), upgraded.Snapshot.ToArray());
            Assert.Equal(row.Version, upgraded.SnapshotVersion);
            Assert.Equal(row.ChainHead.ToArray(), upgraded.ChainHead.ToArray());

            using var host = new EngineOnFile(store);
            await host.DecideAsync(n);
            await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
            Assert.Equal(CaseState.Concluded, (await host.Engine.GetCaseAsync(n))!.State);
            Assert.True((await host.Reports.VerifyCaseAsync(n)).IsIntact);
        }

        Assert.Equal(SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'snapshot'"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM snapshots"));
        // The indexes of the rebuilt case table survive the column's removal.
        Assert.Equal(1, Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_cases_state'"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_cases_finished'"));
        Assert.Equal("ok", ScalarText("PRAGMA integrity_check"));
    }

    private string ScalarText(string sql)
    {
        using var connection = _file.Connect();
        return (string)SqliteSchema.Scalar(connection, sql)!;
    }
}
