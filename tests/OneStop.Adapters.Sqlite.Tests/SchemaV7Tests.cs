using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 7: outbox rows are written once (delivery state in outbox_pending and outbox_delivered), snapshots
/// are stored deflated when that is smaller, and files of schema 6 are upgraded in place with their outbox state.</summary>
public sealed class SchemaV7Tests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    [Fact]
    public async Task Open_Version6File_KeepsOutboxDeliveryStateAndSnapshots()
    {
        var snapshot = Some.Bytes("{\"schema\":1,\"caseNumber\":\"A-1\"}");
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 6);
            using var insert = connection.CreateCommand();
            insert.CommandText =
                """
                INSERT INTO cases (case_number, item_code, item_version, content_hash, department, kind, state, version, submitted_at, updated_at)
                  VALUES ('A-1', 'item', 1, 'hash', '市教育局', 'Promised', 'Accepted', 3, 10, 20);
                INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES ('A-1', 3, $snapshot);
                INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at, attempts, next_attempt_at, dead, last_error, delivered_at) VALUES
                  ('m1', 'A-1', 'notification', 'T', x'01', 5, 1, 0, 0, NULL, 100),
                  ('m2', 'A-1', 'notification', 'T', x'02', 5, 2, 0, 0, 'boom', NULL),
                  ('m3', 'B-1', 'notification', 'T', x'03', 5, 5, 0, 1, 'gone', NULL),
                  ('m4', 'C-1', 'notification', 'T', x'04', 5, 0, 0, 0, NULL, NULL);
                """;
            insert.Parameters.AddWithValue("$snapshot", snapshot);
            insert.ExecuteNonQuery();
        }

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var row = (await store.GetCaseAsync("A-1"))!;
            Assert.Equal(snapshot, row.Snapshot.ToArray());
            Assert.Equal(3, row.SnapshotVersion);

            var pending = await store.GetPendingMessagesAsync(Some.T0, 10);
            Assert.Equal(["m2", "m4"], pending.Select(p => p.Message.MessageId));
            Assert.Equal(2, pending[0].Attempts);
            Assert.Equal("boom", pending[0].LastError);
            Assert.Equal(new byte[] { 2 }, pending[0].Message.Payload.ToArray());
            var dead = Assert.Single(await store.ListDeadMessagesAsync(10));
            Assert.Equal("m3", dead.Message.MessageId);
            Assert.Equal(5, dead.Attempts);

            // A delivered id is still taken.
            var clash = Some.Commit("D-1", 0, outbox: [Some.Message("m1", "D-1")]);
            Assert.False((await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(clash))).IsTransient);

            await store.CommitAsync(Some.Commit("E-1", 0, outbox: [Some.Message("m5", "E-1")]));
            await store.MarkDeliveredAsync(["m2"]);
            Assert.True(await store.RetryDeadMessageAsync("m3"));
            Assert.Equal(["m3", "m4", "m5"], (await store.GetPendingMessagesAsync(Some.T0, 10)).Select(p => p.Message.MessageId));
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        // Rows keep their seq, and new ones follow them; m1's delivery time moved with it.
        Assert.Equal(5L, Scalar("SELECT seq FROM outbox WHERE message_id = 'm5'"));
        Assert.Equal(100L, Scalar("SELECT delivered_at FROM outbox_delivered WHERE seq = 1"));
        Assert.Equal(2L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
        Assert.DoesNotContain("AUTOINCREMENT", (string)Scalar("SELECT sql FROM sqlite_schema WHERE name = 'outbox'")!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('outbox') WHERE name = 'ux_outbox_message' AND \"unique\" = 1"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v7' OR name = 'ix_outbox_pending'"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task DeliveryState_NeverUpdatesTheOutboxRow()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        using (var connection = _file.Connect())
        {
            SqliteSchema.Execute(connection,
                """
                CREATE TABLE outbox_updates (seq INTEGER NOT NULL);
                CREATE TRIGGER outbox_updated AFTER UPDATE ON outbox BEGIN INSERT INTO outbox_updates VALUES (new.seq); END;
                """);
        }

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m1", "C1"), Some.Message("m2", "C1")]));
            await store.MarkFailedAsync("m1", Some.T0.AddMinutes(5), "down", dead: true);
            Assert.Equal("down", Assert.Single(await store.ListDeadMessagesAsync(10)).LastError);
            Assert.True(await store.RetryDeadMessageAsync("m1"));
            Assert.False(await store.RetryDeadMessageAsync("m1"));
            await store.MarkDeliveredAsync(["m1", "unknown"]);
            await store.MarkDeliveredAsync(["m1"]);
            Assert.Equal(["m2"], (await store.GetPendingMessagesAsync(Some.T0.AddDays(1), 10)).Select(p => p.Message.MessageId));
            // Delivered: failing or retrying it changes nothing.
            await store.MarkFailedAsync("m1", Some.T0, "late", dead: true);
            Assert.False(await store.RetryDeadMessageAsync("m1"));
            Assert.Empty(await store.ListDeadMessagesAsync(10));
        }

        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_updates"));
        Assert.Equal(1L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL"));
        Assert.Equal(1L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NULL"));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Commit_LargeSnapshot_IsStoredDeflatedAndReadBackAsGiven()
    {
        var json = "{\"tasks\":[" + string.Join(",", Enumerable.Range(0, 60).Select(i => $"{{\"id\":\"t{i}\",\"role\":\"edu.licensing\",\"due\":{i * 1000}}}")) + "]}";
        var random = new byte[2000];
        new Random(7).NextBytes(random);
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await store.CommitAsync(Some.Commit("J", 0, record: Some.Case("J", 1, snapshot: json)));
            await store.CommitAsync(Some.Commit("R", 0, record: Some.Case("R", 1) with { Snapshot = random }));
            await store.CommitAsync(Some.Commit("S", 0, record: Some.Case("S", 1, snapshot: "{\"small\":true}")));

            Assert.Equal(Some.Bytes(json), (await store.GetCaseAsync("J"))!.Snapshot.ToArray());
            Assert.Equal(random, (await store.GetCaseAsync("R"))!.Snapshot.ToArray());
            Assert.Equal("{\"small\":true}", System.Text.Encoding.UTF8.GetString((await store.GetCaseAsync("S"))!.Snapshot.Span));
            // The same through a query that returns whole cases.
            var found = await store.SearchCasesAsync(new CaseQuery(Limit: 10));
            Assert.Equal(Some.Bytes(json), found.Items.Single(c => c.CaseNumber == "J").Snapshot.ToArray());
            Assert.Empty((await store.GetCaseRowAsync("J"))!.Snapshot.ToArray());
        }

        Assert.Equal((long)json.Length, Scalar("SELECT snapshot_size FROM snapshots WHERE snapshot_of = (SELECT case_id FROM case_ids WHERE case_number = 'J')"));
        Assert.True((long)Scalar("SELECT length(snapshot) FROM snapshots WHERE snapshot_of = (SELECT case_id FROM case_ids WHERE case_number = 'J')")! < json.Length / 4);
        // Incompressible and small snapshots are stored as given.
        Assert.Equal(DBNull.Value, Scalar("SELECT snapshot_size FROM snapshots WHERE snapshot_of = (SELECT case_id FROM case_ids WHERE case_number = 'R')") ?? DBNull.Value);
        Assert.Equal(2000L, Scalar("SELECT length(snapshot) FROM snapshots WHERE snapshot_of = (SELECT case_id FROM case_ids WHERE case_number = 'R')"));
        Assert.Equal(DBNull.Value, Scalar("SELECT snapshot_size FROM snapshots WHERE snapshot_of = (SELECT case_id FROM case_ids WHERE case_number = 'S')") ?? DBNull.Value);
    }
}
