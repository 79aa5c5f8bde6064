using OneStop.Testing;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 12: a message is pending without a row of its own above the delivery watermark; a mark advances the
/// watermark (one <c>outbox_marks</c> row), filling in default pending rows for what it passes undelivered; failed,
/// dead and out-of-order messages keep rows of their own; files of schema 11 upgrade with every message's state and
/// delivery time.</summary>
public sealed class SchemaV12Tests : IDisposable
{
    private readonly TempFile _file = new();
    private readonly FakeTimeProvider _clock = new(Some.T0.AddHours(1));

    public void Dispose() => _file.Dispose();

    private object? Scalar(string sql) => _file.Scalar(sql);

    /// <summary>Lays a schema 12 file out as schema 11 did: every message with a row of its own in outbox_pending or
    /// outbox_delivered, no marks.</summary>
    internal const string DowngradeToVersion11 =
        $"""
        INSERT INTO outbox_delivered (seq, delivered_at)
          SELECT seq, delivered_at FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NOT NULL AND seq NOT IN (SELECT seq FROM outbox_delivered);
        INSERT INTO outbox_pending (seq)
          SELECT o.seq FROM outbox o WHERE o.seq NOT IN (SELECT seq FROM outbox_delivered) AND o.seq NOT IN (SELECT seq FROM outbox_pending);
        DROP TABLE outbox_marks;
        PRAGMA user_version = 11;

        """;

    private SqliteCaseStore Open() => SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { TimeProvider = _clock });

    /// <summary>Each message's delivery time by id (null: pending), as the format defines it.</summary>
    private Dictionary<string, long?> Deliveries()
    {
        using var connection = _file.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = SchemaV12.MessageDeliveries;
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, long?>(StringComparer.Ordinal);
        while (reader.Read()) result[reader.GetString(1)] = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        return result;
    }

    private static async Task<List<string>> PendingIds(SqliteCaseStore store, DateTimeOffset now) =>
        (await store.GetPendingMessagesAsync(now, 100)).Select(p => p.Message.MessageId).ToList();

    [Fact]
    public async Task Open_Version11File_KeepsEveryMessagesStateAndDeliveryTime()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 11);
            // Seq 1, 2 and 5 delivered (5 out of order), 3 failed and backing off, 4 dead, 6 pending untried.
            SqliteSchema.Execute(connection,
                """
                INSERT INTO outbox (seq, message_id, case_number, channel, type, payload, created_at) VALUES
                  (1, 'm1', 'A-1', 'notification', 'T', x'01', 5), (2, 'm2', 'A-1', 'notification', 'T', x'02', 5),
                  (3, 'm3', 'A-1', 'notification', 'T', x'03', 5), (4, 'm4', 'B-1', 'notification', 'T', x'04', 5),
                  (5, 'm5', 'C-1', 'notification', 'T', x'05', 5), (6, 'm6', 'D-1', 'notification', 'T', x'06', 5);
                INSERT INTO outbox_delivered (seq, delivered_at) VALUES (1, 100), (2, 110), (5, 120);
                INSERT INTO outbox_pending (seq, attempts, next_attempt_at, dead, last_error) VALUES
                  (3, 2, 50, 0, 'boom'), (4, 5, 0, 1, 'gone'), (6, 0, 0, 0, NULL);
                """);
        }

        await using (var store = Open())
        {
            // The watermark sits below the first message without a delivery row.
            Assert.Equal(2L, Scalar("SELECT max(through_seq) FROM outbox_marks"));
            Assert.Equal(new Dictionary<string, long?> { ["m1"] = 100, ["m2"] = 110, ["m3"] = null, ["m4"] = null, ["m5"] = 120, ["m6"] = null }, Deliveries());
            var pending = await store.GetPendingMessagesAsync(Some.T0, 10);
            Assert.Equal(["m3", "m6"], pending.Select(p => p.Message.MessageId));
            Assert.Equal((2, "boom"), (pending[0].Attempts, pending[0].LastError));
            Assert.Equal(new byte[] { 3 }, pending[0].Message.Payload.ToArray());
            var dead = Assert.Single(await store.ListDeadMessagesAsync(10));
            Assert.Equal(("m4", 5, "gone"), (dead.Message.MessageId, dead.Attempts, dead.LastError));

            await store.MarkDeliveredAsync(["m3", "m6"]);
            var first = _clock.GetUtcNow().UtcTicks;
            Assert.Empty(await PendingIds(store, Some.T0));
            Assert.True(await store.RetryDeadMessageAsync("m4"));
            Assert.Equal(["m4"], await PendingIds(store, Some.T0));
            _clock.Advance(TimeSpan.FromMinutes(1));
            await store.MarkDeliveredAsync(["m4"]);
            Assert.Empty(await PendingIds(store, Some.T0));
            Assert.Equal(new Dictionary<string, long?> { ["m1"] = 100, ["m2"] = 110, ["m3"] = first, ["m4"] = first + TimeSpan.TicksPerMinute, ["m5"] = 120, ["m6"] = first },
                Deliveries());
        }

        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_DowngradedFile_LayoutAndEveryMessagesStateAsBefore()
    {
        await using (var store = Open())
        {
            await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1"), Some.Message("a2", "A-1")]));
            await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1"), Some.Message("b2", "B-1")]));
            await store.MarkFailedAsync("b1", Some.T0.AddMinutes(5), "down", dead: false);
            await store.MarkDeliveredAsync(["a1", "a2"]);
            _clock.Advance(TimeSpan.FromMinutes(1));
            await store.CommitAsync(Some.Commit("C-1", 0, outbox: [Some.Message("c1", "C-1"), Some.Message("c2", "C-1")]));
            await store.MarkDeliveredAsync(["c2"]);
        }
        var deliveries = Deliveries();
        Assert.Equal([null, null, null], new[] { "b1", "b2", "c1" }.Select(id => deliveries[id]));
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion11);
        using var fresh11 = new TempFile();
        using var fresh12 = new TempFile();
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(fresh11, 11)), SchemaV8Tests.Layout(_file));

        await using (var store = Open())
        {
            Assert.Equal(deliveries, Deliveries());
            Assert.Equal(["c1"], await PendingIds(store, Some.T0));
            Assert.Equal(["b1", "b2", "c1"], await PendingIds(store, Some.T0.AddMinutes(5)));
        }
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(fresh12, SqliteSchema.CurrentVersion)), SchemaV8Tests.Layout(_file));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version11FileAllDelivered_WatermarkAtTheLastMessage()
    {
        using (var connection = _file.Connect())
        {
            SqliteSchema.Migrate(connection, 11);
            SqliteSchema.Execute(connection,
                """
                INSERT INTO outbox (seq, message_id, case_number, channel, type, payload, created_at) VALUES
                  (3, 'm3', 'A-1', 'notification', 'T', x'03', 5), (7, 'm7', 'A-1', 'notification', 'T', x'07', 5);
                INSERT INTO outbox_delivered (seq, delivered_at) VALUES (3, 100), (7, 110);
                """);
        }

        await using (var store = Open())
        {
            Assert.Equal(7L, Scalar("SELECT max(through_seq) FROM outbox_marks"));
            await store.CommitAsync(Some.Commit("E-1", 0, outbox: [Some.Message("m8", "E-1")]));
            Assert.Equal(["m8"], await PendingIds(store, Some.T0));
            await store.MarkDeliveredAsync(["m8"]);
            Assert.Equal(new Dictionary<string, long?> { ["m3"] = 100, ["m7"] = 110, ["m8"] = _clock.GetUtcNow().UtcTicks }, Deliveries());
        }
    }

    [Fact]
    public async Task Commit_WritesNoDeliveryRows_AndAMarkOneRow()
    {
        await using var store = Open();
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1"), Some.Message("a2", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1")]));
        Assert.Equal(0L, Scalar("SELECT (SELECT count(*) FROM outbox_pending) + (SELECT count(*) FROM outbox_delivered) + (SELECT count(*) FROM outbox_marks)"));
        Assert.Equal(["a1", "a2", "b1"], await PendingIds(store, Some.T0));

        await store.MarkDeliveredAsync(["b1", "a1", "a2"]);

        Assert.Empty(await PendingIds(store, Some.T0));
        Assert.Equal(3L, Scalar("SELECT through_seq FROM outbox_marks"));
        Assert.Equal(0L, Scalar("SELECT (SELECT count(*) FROM outbox_pending) + (SELECT count(*) FROM outbox_delivered)"));
        var at = _clock.GetUtcNow().UtcTicks;
        Assert.Equal(new Dictionary<string, long?> { ["a1"] = at, ["a2"] = at, ["b1"] = at }, Deliveries());
        // Marked again: nothing changes.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.MarkDeliveredAsync(["a1", "b1"]);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM outbox_marks"));
        Assert.Equal(new Dictionary<string, long?> { ["a1"] = at, ["a2"] = at, ["b1"] = at }, Deliveries());
    }

    [Fact]
    public async Task Mark_PassingAFailureAndTheMessagesHeldBehindIt_KeepsThemPendingInOrder()
    {
        await using var store = Open();
        // Seqs: a1 1, b1 2, b2 3, c1 4.
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1")]));
        await store.CommitAsync(Some.Commit("B-1", 0, outbox: [Some.Message("b1", "B-1"), Some.Message("b2", "B-1")]));
        await store.CommitAsync(Some.Commit("C-1", 0, outbox: [Some.Message("c1", "C-1")]));

        // b1 fails (its first row), b2 waits behind it undelivered; a1 and c1 go out.
        await store.MarkFailedAsync("b1", Some.T0.AddMinutes(10), "down", dead: false);
        await store.MarkDeliveredAsync(["a1", "c1"]);

        Assert.Equal(4L, Scalar("SELECT max(through_seq) FROM outbox_marks"));
        // b2 got a default pending row so that the watermark could pass it; b1 kept its own.
        Assert.Equal("2:1:down,3:0:", string.Join(",", _file.Texts("SELECT seq || ':' || attempts || ':' || coalesce(last_error, '') FROM outbox_pending ORDER BY seq")));
        Assert.Empty(await PendingIds(store, Some.T0));
        var due = await store.GetPendingMessagesAsync(Some.T0.AddMinutes(10), 10);
        Assert.Equal(["b1", "b2"], due.Select(p => p.Message.MessageId));
        Assert.Equal([1, 0], due.Select(p => p.Attempts));

        await store.MarkFailedAsync("b1", Some.T0.AddMinutes(20), "down again", dead: true);
        var dead = Assert.Single(await store.ListDeadMessagesAsync(10));
        Assert.Equal((2, "down again"), (dead.Attempts, dead.LastError));
        Assert.Empty(await PendingIds(store, Some.T0.AddDays(1)));
        Assert.True(await store.RetryDeadMessageAsync("b1"));
        await store.MarkDeliveredAsync(["b1", "b2"]);
        Assert.Empty(await PendingIds(store, Some.T0.AddDays(1)));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_pending"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NULL"));
    }

    [Fact]
    public async Task MarkFailed_DeliveredBelowTheWatermark_ChangesNothing()
    {
        await using var store = Open();
        await store.CommitAsync(Some.Commit("A-1", 0, outbox: [Some.Message("a1", "A-1"), Some.Message("a2", "A-1")]));
        await store.MarkDeliveredAsync(["a1"]);

        await store.MarkFailedAsync("a1", Some.T0, "late", dead: true);
        Assert.False(await store.RetryDeadMessageAsync("a1"));
        Assert.Empty(await store.ListDeadMessagesAsync(10));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_pending"));

        // a2, above the watermark without a row, is pending: failing it gives it its first attempt.
        await store.MarkFailedAsync("a2", Some.T0, "no", dead: false);
        Assert.Equal(1, Assert.Single(await store.GetPendingMessagesAsync(Some.T0, 10)).Attempts);
    }

    [Fact]
    public async Task Mark_FarAheadOfWhatIsPending_GivesTheMessageItsOwnRow()
    {
        await using var store = Open();
        var count = SqliteCaseStoreFillAllowance + 10;
        for (var i = 1; i <= count; i++) await store.CommitAsync(Some.Commit($"F-{i}", 0, outbox: [Some.Message($"f{i}", $"F-{i}")]));

        await store.MarkDeliveredAsync([$"f{count}"]);

        // No mark (it would have needed a row for every message before it), one delivery row.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_marks"));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_pending"));
        Assert.Equal((long)count, Scalar("SELECT seq FROM outbox_delivered"));
        Assert.Equal(Enumerable.Range(1, count - 1).Select(i => $"f{i}"), await PendingIds(store, Some.T0));

        // The rest delivered: the watermark moves over them and over the row of its own.
        await store.CommitAsync(Some.Commit("G-1", 0, outbox: [Some.Message("g1", "G-1")]));
        await store.MarkDeliveredAsync(Enumerable.Range(1, count - 1).Select(i => $"f{i}").Append("g1").ToList());
        Assert.Equal((long)count + 1, Scalar("SELECT max(through_seq) FROM outbox_marks"));
        Assert.Empty(await PendingIds(store, Some.T0));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM outbox_pending"));
        Assert.Equal(0L, Scalar($"SELECT count(*) FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NULL"));
    }

    [Fact]
    public void PendingReads_WalkTheOutboxFromTheWatermarkInKeyOrder()
    {
        SqliteCaseStore.Open(_file.Path).Dispose();

        var above = _file.QueryPlan(SqliteCaseStore.PendingAbove);
        var below = _file.QueryPlan(SqliteCaseStore.PendingBelow);

        Assert.Contains(above, step => step.StartsWith("SEARCH o USING INTEGER PRIMARY KEY (rowid>?)", StringComparison.Ordinal));
        Assert.Contains(below, step => step.StartsWith("SEARCH p USING INTEGER PRIMARY KEY (rowid<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(above.Concat(below), step => step.Contains("TEMP B-TREE", StringComparison.Ordinal) || step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    private const int SqliteCaseStoreFillAllowance = WriterSession.FillAllowance;
}
