using OneStop.Adapters.Sqlite.Internal;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Testing;
using Xunit.Abstractions;

namespace OneStop.Adapters.Sqlite.Tests.Durability;

/// <summary>Runs the engine on a SQLite file in a child process under concurrent load, kills it at seeded random points
/// (after a random number of acknowledged commands), restarts it with the clock moved on so deadlines fall due, and
/// after a final clean run checks the file: acknowledged commands are there, no case is half-written, every outbox
/// row was delivered, every deadline fired once.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20250922;
    private const int KilledRuns = 4;
    private static readonly DateTimeOffset Monday = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("onestop-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Db => Path.Combine(_dir, "onestop.db");
    private string Sink => Path.Combine(_dir, "delivered.txt");

    private bool _coalesceWal;

    private List<string> Arguments(int run, DateTimeOffset now, bool final) =>
    [
        "--db", Db, "--sink", Sink, "--now", now.ToString("O", CultureInfo.InvariantCulture), "--run", run.ToString(CultureInfo.InvariantCulture),
        "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--workers", "6", .. final ? (string[])["--final"] : [],
        .. _coalesceWal ? (string[])["--coalesce-wal"] : [],
    ];

    // Also with SqliteStoreOptions.CoalesceWalWrites (the WAL written through the coalescing VFS).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KilledUnderLoad_RestartedAndFinished_NothingAcknowledgedLostNothingHalfWrittenEverythingDeliveredDeadlinesOnce(bool coalesceWal)
    {
        _coalesceWal = coalesceWal;
        var random = new Random(Seed);
        var acks = new List<CrashHostProcess.Ack>();
        var plan = new List<string>();
        for (var run = 0; run < KilledRuns; run++)
        {
            // Each restart is a working day later, so the one-workday step limits and the warnings of earlier cases fall due.
            var now = Monday.AddDays(run);
            var killAfter = random.Next(20, 300);
            plan.Add($"run {run}: kill after {killAfter} acks");
            var outcome = await CrashHostProcess.RunAsync(Arguments(run, now, final: false), killAfter, TimeSpan.FromSeconds(40));
            Assert.True(outcome.Killed, $"seed {Seed}, {plan[^1]}: the host ended by itself (exit {outcome.ExitCode}): {outcome.Errors}");
            acks.AddRange(outcome.Acks);
            output.WriteLine($"{plan[^1]}: {outcome.Acks.Count} acknowledged before the kill took effect");
        }
        var finalNow = Monday.AddDays(45);
        var final = await CrashHostProcess.RunAsync(Arguments(KilledRuns, finalNow, final: true), null, TimeSpan.FromSeconds(40));
        Assert.True(final.ExitCode == 0 && final.Lines.Contains("DONE"), $"seed {Seed}: final run failed (exit {final.ExitCode}): {final.Errors}");

        var context = $"seed {Seed} ({string.Join("; ", plan)})";
        await CheckAsync(acks, finalNow, context);
    }

    private async Task CheckAsync(IReadOnlyList<CrashHostProcess.Ack> acks, DateTimeOffset finalNow, string context)
    {
        await using var services = OpenEngine(finalNow);
        var store = services.GetRequiredService<ICaseStore>();
        var engine = services.GetRequiredService<CaseEngine>();

        // Every acknowledged command is present, with its events, in its case.
        Assert.NotEmpty(acks);
        foreach (var ack in acks)
        {
            var command = await store.GetCommandAsync(ack.Key);
            Assert.True(command is not null && command.CaseNumber == ack.CaseNumber, $"{context}: acknowledged command {ack.Key} on {ack.CaseNumber} is missing");
            var events = await store.ReadEventsAsync(ack.CaseNumber);
            Assert.True(events.Any(e => e.CommandKey == ack.Key && e.Sequence == ack.Version), $"{context}: events of acknowledged {ack.Key} (version {ack.Version}) missing");
        }

        // No case is half-written: version = number of events (dense from 1), every command has its events, and
        // replaying the log reproduces the case the store rebuilds (its stored snapshot plus the events after it).
        var cases = Query("SELECT case_number, version FROM cases", r => (Number: r.GetString(0), Version: r.GetInt64(1)));
        foreach (var (number, version) in cases)
        {
            var events = await store.ReadEventsAsync(number);
            Assert.True(events.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, events.Count).Select(i => (long)i)) && events.Count == version,
                $"{context}: case {number} has version {version} but events {string.Join(",", events.Select(e => e.Sequence))}");
            var replayed = await engine.ReplayAsync(number);
            var stored = await engine.StoredSnapshotAsync(number);
            Assert.True(Json(replayed) == Json(stored), $"{context}: replaying case {number} does not reproduce its snapshot");
        }
        // Every case kept the snapshot of a commit that happened (at or before its version; the engine stores one when
        // it files a case, so none is missing), and the rebuild above checked it against the log.
        var badSnapshots = Query(
            "SELECT count(*) FROM cases LEFT JOIN snapshots ON snapshot_of = case_id WHERE snapshot_version IS NULL OR snapshot_version > version",
            r => r.GetInt64(0)).Single();
        Assert.True(badSnapshots == 0, $"{context}: {badSnapshots} case(s) without a snapshot or with one ahead of the case");
        var orphans = Query("SELECT count(*) FROM commands c WHERE NOT EXISTS (SELECT 1 FROM case_ids k JOIN events e ON e.case_id = k.case_id " +
            "WHERE k.case_number = c.case_number AND e.command_key = c.idempotency_key)",
            r => r.GetInt64(0)).Single();
        Assert.True(orphans == 0, $"{context}: {orphans} command records without events");

        // Every outbox row was delivered, and reached the sink (at least once) by its id.
        var undelivered = Query($"SELECT message_id FROM ({SchemaV12.MessageDeliveries}) WHERE delivered_at IS NULL", r => r.GetString(0));
        Assert.True(undelivered.Count == 0, $"{context}: undelivered outbox rows: {string.Join(", ", undelivered.Take(10))}");
        // Schema 12: no message is both pending and delivered by rows of its own, and no state row names a missing message.
        var contradictory = Query("SELECT count(*) FROM outbox_pending p JOIN outbox_delivered d ON d.seq = p.seq", r => r.GetInt64(0)).Single();
        Assert.True(contradictory == 0, $"{context}: {contradictory} outbox row(s) both pending and recorded as delivered");
        var strays = Query("SELECT count(*) FROM (SELECT seq FROM outbox_pending UNION ALL SELECT seq FROM outbox_delivered) s WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = s.seq)",
            r => r.GetInt64(0)).Single();
        Assert.True(strays == 0, $"{context}: {strays} outbox state row(s) without their message");
        var sunk = File.ReadAllText(Sink).Split('\n').SkipLast(1).Select(l => l.Split(' ')).ToList();
        var notified = sunk.Where(p => p[0] == "N").Select(p => p[1]).ToHashSet(StringComparer.Ordinal);
        var deadlineEvents = sunk.Where(p => p[0] == "D").Select(p => p[1]).ToHashSet(StringComparer.Ordinal);
        var rows = Query("SELECT message_id, channel, payload FROM outbox", r => (Id: r.GetString(0), Channel: r.GetString(1), Payload: (byte[])r.GetValue(2)));
        foreach (var row in rows)
        {
            var delivered = row.Channel switch
            {
                "notification" => notified.Contains(row.Id),
                "deadline" => deadlineEvents.Contains(EventIdOf(row.Payload)),
                _ => true,
            };
            Assert.True(delivered, $"{context}: outbox row {row.Id} ({row.Channel}) is marked delivered but never reached the sink");
        }

        // Every deadline fired once: one command (one commit of contiguous events in one case) per firing key, and
        // nothing is still due at the final instant.
        var firings = Query(
            """
            SELECT command_key, count(DISTINCT case_id), max(sequence) - min(sequence) + 1, count(*) FROM events
            WHERE command_key LIKE 'deadline:%' GROUP BY command_key
            """, r => (Key: r.GetString(0), Cases: r.GetInt64(1), Span: r.GetInt64(2), Count: r.GetInt64(3)));
        Assert.True(firings.Count > 0, $"{context}: no deadline fired; the test did not exercise the scheduler");
        foreach (var f in firings)
            Assert.True(f.Cases == 1 && f.Span == f.Count, $"{context}: deadline {f.Key} fired more than once ({f.Count} events over {f.Span} sequences in {f.Cases} cases)");
        Assert.Equal(firings.Count, Query("SELECT count(*) FROM commands WHERE idempotency_key LIKE 'deadline:%'", r => r.GetInt64(0)).Single());
        Assert.True(deadlineEvents.IsSubsetOf(firings.Select(f => f.Key)), $"{context}: the sink got a deadline event that was never committed");
        var next = await store.GetNextDueAsync();
        Assert.True(next is null || next > finalNow, $"{context}: a deadline due at {next} did not fire by {finalNow}");
    }

    private ServiceProvider OpenEngine(DateTimeOffset now)
    {
        // The catalogue is the definition text the host pinned in the file.
        var text = Query("SELECT text FROM definitions", r => r.GetString(0)).Single();
        var catalogue = CatalogueLoader.LoadTexts([("pinned.yaml", text)]).GetValueOrThrow();
        return new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(catalogue).UseTimeProvider(new FakeTimeProvider(now)).UseOutboxWorker(false).UseDeadlineWorker(false).UseSqlite(Db))
            .BuildServiceProvider();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static string EventIdOf(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (string.Equals(property.Name, "eventId", StringComparison.OrdinalIgnoreCase)) return property.Value.GetString()!;
        }
        return "";
    }

    private static string Json(OneStop.Engine.Flow.CaseSnapshot s) => JsonSerializer.Serialize(s, EngineJsonContext.Default.CaseSnapshot);
}
