using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Adapters.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Sqlite;

/// <summary>Durable task actions through the engine (<see cref="ICaseEngine.ExecuteAsync"/>) on a SQLite file with
/// synchronous=FULL, against plain Microsoft.Data.Sqlite writing the very rows one such action writes (read back from
/// the engine's own file after a probe action) on 64 cases in turn, like the concurrent callers, in the same run: one
/// transaction per action, and batched. Each action transfers (转办) a held task to the other of two officers, so every call is a real state change with an event, a
/// task row, a notice in the outbox and an idempotency record, and every <see cref="OneStopOptions.SnapshotInterval"/>-th
/// event on a case also stores its snapshot (the raw baselines store the same snapshot row as often). Results are per action.</summary>
[MemoryDiagnoser]
[Config(typeof(DurableBenchmarkConfig))]
public class SqliteEngineBenchmarks
{
    private const int Sequential = 256;
    private const int Batched = 8192;
    private const int Callers = 64;

    private const string Yaml = """
        item: "000109001000"
        version: 1
        name: 基准测试事项
        department: 市测试局
        kind: promised
        time: { statutory: 20 workdays, promised: 10 workdays }
        roles:
          window: { name: 窗口, department: 市测试局 }
        flow:
          - { step: review, role: window, limit: 5 workdays }
        """;

    private string _dir = "";
    private ServiceProvider _services = null!;
    private ICaseEngine _engine = null!;
    private SqliteCaseStore _store = null!;
    private int _key;
    private readonly Holder _sequential = new();
    private readonly Holder[] _concurrent = new Holder[Callers];

    private RawSqliteFile _raw = null!;
    private SqliteCommand _rawCommand = null!, _rawCase = null!, _rawSnapshot = null!, _rawEvent = null!, _rawDeleteTasks = null!, _rawTask = null!, _rawOutbox = null!, _rawPending = null!;
    private byte[] _rawSnapshotBytes = [];
    private long? _rawSnapshotSize;
    private readonly long[] _rawVersions = new long[Callers];
    private readonly long[] _rawCaseIds = new long[Callers];
    private readonly long[] _rawSnapshotVersions = new long[Callers];
    private readonly long[] _rawLastEvents = new long[Callers];
    private readonly int _snapshotInterval = new OneStopOptions().SnapshotInterval;
    private int _rawNext;
    private CaseRecord _rowCase = null!;
    private EventRecord[] _rowEvents = [];
    private TaskRecord[] _rowTasks = [];
    private OutboxMessage[] _rowOutbox = [];
    private CommandRecord _rowCommand = null!;

    /// <summary>One case with a held task, handed back and forth between two officers.</summary>
    private sealed class Holder
    {
        public string CaseNumber = "";
        public string TaskId = "";
        public string Actor = "officer-a";
    }

    // Synchronous setup and cleanup: the in-process toolchain does not await asynchronous ones.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    public async Task SetupAsync()
    {
        _dir = Path.Combine(Path.GetTempPath(), "onestop-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var catalogue = CatalogueLoader.LoadTexts([("bench.yaml", Yaml)]).GetValueOrThrow();
        _services = new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(catalogue).UseOutboxWorker(false).UseDeadlineWorker(false).UseSqlite(Path.Combine(_dir, "engine.db")))
            .BuildServiceProvider();
        _engine = _services.GetRequiredService<ICaseEngine>();
        _store = (SqliteCaseStore)_services.GetRequiredService<ICaseStore>();
        await Open(_sequential);
        for (var i = 0; i < Callers; i++) await Open(_concurrent[i] = new Holder());

        // The probe: real actions up to one that stores a snapshot; the raw baselines then write that action's rows over
        // and over, and its snapshot row as often as the engine stores one.
        var probe = new Holder();
        await Open(probe);
        string key;
        do
        {
            key = await Act(probe);
            _rowCase = (await _store.GetCaseAsync(probe.CaseNumber))!;
        }
        while (_rowCase.SnapshotVersion != _rowCase.Version);
        _rowCommand = (await _store.GetCommandAsync(key))!;
        _rowEvents = [.. (await _store.ReadEventsAsync(probe.CaseNumber)).Where(e => e.CommandKey == key)];
        _rowTasks = [.. (await _store.ListTasksAsync(new TaskQuery(probe.Actor, [], []))).Items.Where(t => t.CaseNumber == probe.CaseNumber)];
        var prefix = probe.CaseNumber + ":" + _rowEvents[0].Sequence.ToString(CultureInfo.InvariantCulture) + ":";
        _rowOutbox = [.. (await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue.AddDays(-1), 100_000)).Select(m => m.Message).Where(m => m.MessageId.StartsWith(prefix, StringComparison.Ordinal))];
        Console.WriteLine($"// One action writes: {_rowEvents.Length} event(s) ({_rowEvents.Sum(e => e.Payload.Length)} B), snapshot {_rowCase.Snapshot.Length} B every {_snapshotInterval} events, " +
            $"{_rowTasks.Length} task row(s), {_rowOutbox.Length} outbox row(s) ({_rowOutbox.Sum(m => m.Payload.Length)} B), result {_rowCommand.Result.Length} B.");
        SetupRaw();
    }

    private string Key() => "k" + Interlocked.Increment(ref _key).ToString(CultureInfo.InvariantCulture);

    private async Task Open(Holder h)
    {
        var r = await _engine.SubmitAsync(new SubmitCase("000109001000", "张三", "applicant", Key()));
        r = await _engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key()));
        h.CaseNumber = r.CaseNumber;
        h.TaskId = r.OpenTaskIds[0];
        await _engine.ExecuteAsync(new ClaimTask(h.CaseNumber, h.Actor, Key(), h.TaskId));
    }

    private async Task<string> Act(Holder h)
    {
        var key = Key();
        var to = h.Actor == "officer-a" ? "officer-b" : "officer-a";
        await _engine.ExecuteAsync(new TransferTask(h.CaseNumber, h.Actor, key, h.TaskId, to));
        h.Actor = to;
        return key;
    }

    private void SetupRaw()
    {
        // The store's page size and temp store (not its off-thread checkpoints); a larger page cache (64 MB, the store's writer
        // has 2 MB), which can only favour the baseline.
        _raw = new RawSqliteFile(Path.Combine(_dir, "raw.db"),
            $"PRAGMA page_size = {new SqliteStoreOptions().PageSize}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
        var c = _rowCase;
        // As many cases as the concurrent engine callers use, written in turn, so both touch as many pages per action.
        for (var i = 0; i < Callers; i++)
        {
            using var insert = _raw.Connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO case_ids (case_number) VALUES ($c);
                INSERT INTO cases (case_id, case_number, item_code, item_version, content_hash, department, kind, state, applicant, version, submitted_at, updated_at, earliest_due)
                VALUES (last_insert_rowid(), $c, $item, 1, $hash, $dept, $kind, $state, $applicant, 0, 0, 0, 0);
                INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES (last_insert_rowid(), 0, x'00');
                SELECT last_insert_rowid();
                """;
            insert.Parameters.AddWithValue("$c", RawCase(i));
            insert.Parameters.AddWithValue("$item", c.ItemCode);
            insert.Parameters.AddWithValue("$hash", c.ContentHash);
            insert.Parameters.AddWithValue("$dept", c.Department);
            insert.Parameters.AddWithValue("$kind", c.Kind);
            insert.Parameters.AddWithValue("$state", c.State);
            insert.Parameters.AddWithValue("$applicant", (object?)c.Applicant ?? DBNull.Value);
            // Schema 7 keys the event log by the case's id, schema 8 the case row and snapshot too: the store's writer knows it from filing the case.
            _rawCaseIds[i] = (long)insert.ExecuteScalar()!;
        }
        _rawCommand = _raw.Prepare("INSERT INTO commands (idempotency_key, case_number, result) VALUES ($k, $c, $r)", "$k", "$c", "$r");
        // Schema 9: the case row names its last event, and each event links to its case's previous one (not indexed).
        _rawCase = _raw.Prepare("UPDATE cases SET state = $state, version = $v, updated_at = $at, earliest_due = $due, last_event = $last WHERE case_id = $c AND version = $e",
            "$state", "$v", "$at", "$due", "$e", "$c", "$last");
        _rawSnapshot = _raw.Prepare("UPDATE snapshots SET snapshot_version = $v, snapshot = $s, snapshot_size = $size WHERE snapshot_of = $c", "$v", "$s", "$c", "$size");
        // The snapshot as the store keeps it (deflated once here; the engine's store deflates each one on the caller's thread).
        var (stored, size) = Adapters.Sqlite.Internal.SnapshotCodec.Encode(_rowCase.Snapshot);
        _rawSnapshotBytes = stored.ToArray();
        _rawSnapshotSize = size;
        _rawEvent = _raw.Prepare("INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, prev) VALUES ($id, $v, $t, $at, $a, $k, $p, $h, $prev)",
            "$v", "$t", "$at", "$a", "$k", "$p", "$h", "$id", "$prev");
        // The engine's task ids are "<case number>/<n>": a case's tasks are a range of the table's key (the partial
        // ix_tasks_case holds none of them).
        _rawDeleteTasks = _raw.Prepare("DELETE FROM tasks WHERE task_id >= $c || '/' AND task_id < $c || '0' AND case_number = $c", "$c");
        _rawTask = _raw.Prepare("INSERT INTO tasks (task_id, case_number, step_id, role, department, assignee, created_at, due) VALUES ($id, $c, $step, $role, $dept, $assignee, $created, $due)",
            "$id", "$step", "$role", "$dept", "$assignee", "$created", "$due", "$c");
        // The engine's ids (<case>:<first sequence>:<position>) are kept unique by their compact key (MessageKey).
        _rawOutbox = _raw.Prepare("INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at, message_key) VALUES ($id, $c, $ch, $t, $p, $at, $key)",
            "$id", "$ch", "$t", "$p", "$at", "$c", "$key");
        // Schema 7: every new message has its delivery-state row.
        _rawPending = _raw.Prepare("INSERT INTO outbox_pending (seq) VALUES (last_insert_rowid())");
    }

    private static object Db(string? value) => (object?)value ?? DBNull.Value;

    private static object Db(DateTimeOffset? value) => value is { } v ? v.UtcTicks : DBNull.Value;

    private static string RawCase(int i) => "RAW" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rows of one action on the next raw case, written with plain prepared statements.</summary>
    private void RawAction()
    {
        var n = _rawNext++ % Callers;
        var c = RawCase(n);
        var first = _rawVersions[n] + 1;
        var v = _rawVersions[n] += _rowEvents.Length;
        var key = c + "/" + v.ToString(CultureInfo.InvariantCulture);
        var at = SqliteBenchmarkRows.T0.AddSeconds(v).UtcTicks;
        _rawCommand.Parameters[0].Value = key;
        _rawCommand.Parameters[1].Value = c;
        _rawCommand.Parameters[2].Value = _rowCommand.Result.ToArray();
        _rawCommand.ExecuteNonQuery();
        var firstEventId = 0L;
        SqliteParameterCollection p;
        for (var i = 0; i < _rowEvents.Length; i++)
        {
            var e = _rowEvents[i];
            p = _rawEvent.Parameters;
            p[0].Value = first + i; p[1].Value = e.Type; p[2].Value = at; p[3].Value = e.Actor; p[4].Value = key; p[5].Value = e.Payload.ToArray(); p[6].Value = e.Hash.ToArray(); p[7].Value = _rawCaseIds[n];
            p[8].Value = _rawLastEvents[n] is > 0 and var prev ? prev : DBNull.Value;
            _rawEvent.ExecuteNonQuery();
            _rawLastEvents[n] = SQLitePCL.raw.sqlite3_last_insert_rowid(_raw.Connection.Handle);
            if (i == 0) firstEventId = _rawLastEvents[n];
        }
        p = _rawCase.Parameters;
        p[0].Value = _rowCase.State; p[1].Value = v; p[2].Value = at; p[3].Value = Db(_rowCase.EarliestDue); p[4].Value = first - 1; p[5].Value = _rawCaseIds[n]; p[6].Value = _rawLastEvents[n];
        if (_rawCase.ExecuteNonQuery() != 1) throw new InvalidOperationException("raw version check failed");
        if (v - _rawSnapshotVersions[n] >= _snapshotInterval)
        {
            // The engine's rule (OneStopOptions.SnapshotInterval): a snapshot once the case is that many events past the last.
            p = _rawSnapshot.Parameters;
            p[0].Value = v; p[1].Value = _rawSnapshotBytes; p[2].Value = _rawCaseIds[n]; p[3].Value = (object?)_rawSnapshotSize ?? DBNull.Value;
            _rawSnapshot.ExecuteNonQuery();
            _rawSnapshotVersions[n] = v;
        }
        _rawDeleteTasks.Parameters[0].Value = c;
        _rawDeleteTasks.ExecuteNonQuery();
        foreach (var t in _rowTasks)
        {
            p = _rawTask.Parameters;
            p[0].Value = c + t.TaskId[t.TaskId.LastIndexOf('/')..]; p[1].Value = t.StepId; p[2].Value = Db(t.Role); p[3].Value = Db(t.Department); p[4].Value = Db(t.Assignee);
            p[5].Value = t.CreatedAt.UtcTicks; p[6].Value = Db(t.Due); p[7].Value = c;
            _rawTask.ExecuteNonQuery();
        }
        for (var i = 0; i < _rowOutbox.Length; i++)
        {
            var m = _rowOutbox[i];
            p = _rawOutbox.Parameters;
            p[0].Value = c + ":" + first.ToString(CultureInfo.InvariantCulture) + ":" + i.ToString(CultureInfo.InvariantCulture); p[1].Value = m.Channel; p[2].Value = m.Type;
            p[3].Value = m.Payload.ToArray(); p[4].Value = at; p[5].Value = c; p[6].Value = Adapters.Sqlite.Internal.MessageKey.Of(firstEventId, i);
            _rawOutbox.ExecuteNonQuery();
            _rawPending.ExecuteNonQuery();
        }
    }

    public async Task CleanupAsync()
    {
        _raw.Dispose();
        var batches = _store.Writer.BatchCount;
        Console.WriteLine($"// Engine store: {batches} write transactions in total.");
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Plain Microsoft.Data.Sqlite, one durable transaction per action's rows.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sequential)]
    public void RawPerTransaction() => _raw.PerTransaction(Sequential, RawAction);

    /// <summary>Plain Microsoft.Data.Sqlite, the rows of 8192 actions in one transaction.</summary>
    [Benchmark(OperationsPerInvoke = Batched)]
    public void RawBatched() => _raw.Batched(Batched, RawAction);

    /// <summary>The engine, one caller awaiting each durable task action.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public async Task EngineSequential()
    {
        for (var i = 0; i < Sequential; i++) await Act(_sequential);
    }

    /// <summary>The engine, 64 concurrent callers acting on their own cases; group commit shares transactions and fsyncs.</summary>
    [Benchmark(OperationsPerInvoke = Batched)]
    public async Task EngineConcurrent64()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var holder = _concurrent[c];
            callers[c] = Task.Run(async () =>
            {
                for (var i = 0; i < Batched / Callers; i++) await Act(holder);
            });
        }
        await Task.WhenAll(callers);
    }
}
