using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 6: the event log and the command results are rowid tables appended in commit order, their keys in
/// unique indexes. Files of schema 5 are upgraded in place with every row, and the keys stay unique.</summary>
public sealed class AppendOnlyLogTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    private static void InsertEvent(SqliteConnection connection, string caseNumber, long sequence, int payloadBytes)
    {
        using var ev = connection.CreateCommand();
        ev.CommandText = "INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES ($c, $s, 'T', $at, 'a', $k, $p, $h)";
        ev.Parameters.AddWithValue("$c", caseNumber);
        ev.Parameters.AddWithValue("$s", sequence);
        ev.Parameters.AddWithValue("$at", 1000 + sequence);
        ev.Parameters.AddWithValue("$k", $"k-{caseNumber}-{sequence}");
        ev.Parameters.AddWithValue("$p", Enumerable.Repeat((byte)sequence, payloadBytes).ToArray());
        ev.Parameters.AddWithValue("$h", new byte[] { (byte)sequence, 7 });
        ev.ExecuteNonQuery();
    }

    [Fact]
    public async Task Open_Version5File_KeepsEventsAndCommandsAndTheirKeysStayUnique()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 5);
            // Out of key order, and payloads both under and over what a 1 KB WITHOUT ROWID page kept in its leaf.
            InsertEvent(connection, "A-1", 2, 600);
            InsertEvent(connection, "B-1", 1, 10);
            InsertEvent(connection, "A-1", 1, 10);
            InsertEvent(connection, "A-1", 3, 300);
            SqliteSchema.Execute(connection, "INSERT INTO commands (idempotency_key, case_number, result) VALUES ('key-1', 'A-1', x'0102')");
        }
        Assert.Equal(5L, Scalar("PRAGMA user_version"));

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var events = await store.ReadEventsAsync("A-1");
            Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
            Assert.Equal(600, events[1].Payload.Length);
            Assert.All(events[1].Payload.ToArray(), b => Assert.Equal(2, b));
            Assert.Equal(new byte[] { 3, 7 }, events[2].Hash.ToArray());
            Assert.Equal([2L, 3L], (await store.ReadEventsAsync("A-1", afterSequence: 1)).Select(e => e.Sequence));
            Assert.Single(await store.ReadEventsAsync("B-1"));
            var command = await store.GetCommandAsync("key-1");
            Assert.NotNull(command);
            Assert.Equal("A-1", command.CaseNumber);
            Assert.Equal(new byte[] { 1, 2 }, command.Result.ToArray());
            Assert.Null(await store.GetCommandAsync("key-2"));
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('events') WHERE name = 'ux_events_case' AND \"unique\" = 1"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('commands') WHERE name = 'ux_commands_key' AND \"unique\" = 1"));
        // Rowid tables now: the integer key is the rowid, the old tables are gone.
        Assert.Equal("id", Scalar("SELECT name FROM pragma_table_info('events') WHERE pk = 1"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v6'"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        using (var connection = _file.Connect())
        {
            // Schema 7 keys the log by case id.
            var duplicate = Assert.Throws<SqliteException>(() => SqliteSchema.Execute(connection,
                "INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash) " +
                "SELECT case_id, 2, 'T', 1, 'a', 'k', x'00', x'00' FROM case_ids WHERE case_number = 'A-1'"));
            Assert.Equal(19, duplicate.SqliteErrorCode);
            SqliteSchema.Execute(connection, "INSERT OR IGNORE INTO commands (idempotency_key, case_number, result) VALUES ('key-1', 'B-1', x'09')");
        }
        Assert.Equal(1L, Scalar("SELECT count(*) FROM commands"));
        Assert.Equal(4L, Scalar("SELECT count(*) FROM events"));
    }

    [Fact]
    public void AuditScan_UsesTheCaseIndex_NotASort()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();
        var plan = _file.QueryPlan(SqliteCaseStore.EventScan);
        // Schema 9: the audit walks the case numbers in order through case_ids' index and reads each case's chain.
        Assert.Contains(plan, p => p.Contains("sqlite_autoindex_case_ids_1", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
