using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Benchmarks.Sqlite;

/// <summary>Durable commits on real temp files (WAL, synchronous=FULL). The raw baselines write the same rows
/// (idempotency record, case row update, the ~1 KB snapshot's row — every commit here carries a snapshot, the most a
/// command writes — one event, one outbox message) into the same schema
/// with plain Microsoft.Data.Sqlite and prepared statements: one transaction per command, and all commands of an
/// invocation in one transaction. Results are per command.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SqliteCommitBenchmarks
{
    private const int Sequential = 256;
    private const int Batched = 8192;
    private const int Callers = 64;

    private string _dir = "";
    private RawSqliteFile _raw = null!;
    private SqliteCommand _rawCommand = null!, _rawCase = null!, _rawSnapshot = null!, _rawEvent = null!, _rawOutbox = null!, _rawPending = null!;
    // The snapshot as the store keeps it (schema 7: deflated when smaller), so both sides write the same bytes.
    private static readonly (ReadOnlyMemory<byte> Bytes, long? Size) StoredSnapshot = SnapshotCodec.Encode(SqliteBenchmarkRows.Snapshot);
    private static readonly byte[] StoredSnapshotBytes = StoredSnapshot.Bytes.ToArray();
    private long _rawVersion;
    private SqliteCaseStore _store = null!;
    private long _storeVersion;
    private readonly long[] _callerVersions = new long[Callers];

    [GlobalSetup]
    public async Task Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "onestop-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);

        _raw = new RawSqliteFile(Path.Combine(_dir, "raw.db"), "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        SqliteSchema.Execute(_raw.Connection,
            $"""
            INSERT INTO case_ids (case_number) VALUES ('RAW');
            INSERT INTO cases (case_id, case_number, item_code, item_version, content_hash, department, kind, state, applicant, version, submitted_at, updated_at, earliest_due)
            VALUES (last_insert_rowid(), 'RAW', '000104002000', 1, 'sha256-0001', '市教育局', 'Promised', 'Accepted', '张三', 0, 0, 0, 0);
            INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES (last_insert_rowid(), 0, x'00');
            """);
        // Schema 7 keys the event log by the case's id, schema 8 the case row and snapshot too (the store's writer knows it from filing the case).
        var rawCaseId = (long)SqliteSchema.Scalar(_raw.Connection, "SELECT case_id FROM case_ids WHERE case_number = 'RAW'")!;
        _rawCommand = _raw.Prepare("INSERT INTO commands (idempotency_key, case_number, result) VALUES ($k, 'RAW', $r)", "$k", "$r");
        // Schema 9: the case row names its last event (the writer knows its rowid before it writes it: one past the largest).
        _rawCase = _raw.Prepare($"UPDATE cases SET version = $v, updated_at = $at, earliest_due = $due, last_event = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE case_id = {rawCaseId} AND version = $e",
            "$v", "$at", "$due", "$e");
        _rawSnapshot = _raw.Prepare($"UPDATE snapshots SET snapshot_version = $v, snapshot = $s, snapshot_size = $size WHERE snapshot_of = {rawCaseId}", "$v", "$s", "$size");
        // Each event links to its case's previous one, and is then not indexed.
        _rawEvent = _raw.Prepare($"INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, prev) VALUES ({rawCaseId}, $v, 'TaskApproved', $at, 'officer-1', $k, $p, $h, " +
            "(SELECT max(id) FROM events))", "$v", "$at", "$k", "$p", "$h");
        _rawOutbox = _raw.Prepare("INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at) VALUES ($id, 'RAW', 'notification', 'TaskAssigned', $p, $at)",
            "$id", "$p", "$at");
        _rawPending = _raw.Prepare("INSERT INTO outbox_pending (seq) VALUES (last_insert_rowid())");

        _store = SqliteCaseStore.Open(Path.Combine(_dir, "store.db"));
        await _store.CommitAsync(SqliteBenchmarkRows.Commit("SEQ", 0));
        _storeVersion = 1;
        for (var i = 0; i < Callers; i++)
        {
            await _store.CommitAsync(SqliteBenchmarkRows.Commit("CC" + i, 0));
            _callerVersions[i] = 1;
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _raw.Dispose();
        var commits = _storeVersion + _callerVersions.Sum();
        Console.WriteLine($"// Store: {commits} commits in {_store.Writer.BatchCount} transactions ({(double)commits / _store.Writer.BatchCount:F1} per transaction).");
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private void RawRows()
    {
        var v = ++_rawVersion;
        var key = "RAW/" + v;
        var at = SqliteBenchmarkRows.T0.AddSeconds(v).UtcTicks;
        _rawCommand.Parameters[0].Value = key;
        _rawCommand.Parameters[1].Value = SqliteBenchmarkRows.Result;
        _rawCommand.ExecuteNonQuery();
        _rawCase.Parameters[0].Value = v;
        _rawCase.Parameters[1].Value = at;
        _rawCase.Parameters[2].Value = at + TimeSpan.TicksPerDay * 15;
        _rawCase.Parameters[3].Value = v - 1;
        if (_rawCase.ExecuteNonQuery() != 1) throw new InvalidOperationException("raw version check failed");
        _rawSnapshot.Parameters[0].Value = v;
        _rawSnapshot.Parameters[1].Value = StoredSnapshotBytes;
        _rawSnapshot.Parameters[2].Value = (object?)StoredSnapshot.Size ?? DBNull.Value;
        _rawSnapshot.ExecuteNonQuery();
        _rawEvent.Parameters[0].Value = v;
        _rawEvent.Parameters[1].Value = at;
        _rawEvent.Parameters[2].Value = key;
        _rawEvent.Parameters[3].Value = SqliteBenchmarkRows.EventPayload;
        _rawEvent.Parameters[4].Value = SqliteBenchmarkRows.Hash;
        _rawEvent.ExecuteNonQuery();
        _rawOutbox.Parameters[0].Value = key + "/n";
        _rawOutbox.Parameters[1].Value = SqliteBenchmarkRows.MessagePayload;
        _rawOutbox.Parameters[2].Value = at;
        _rawOutbox.ExecuteNonQuery();
        _rawPending.ExecuteNonQuery();
    }

    /// <summary>Plain Microsoft.Data.Sqlite, one durable transaction per command.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sequential)]
    public void RawPerTransaction() => _raw.PerTransaction(Sequential, RawRows);

    /// <summary>Plain Microsoft.Data.Sqlite, all commands of the invocation in one transaction.</summary>
    [Benchmark(OperationsPerInvoke = Batched)]
    public void RawBatched() => _raw.Batched(Batched, RawRows);

    /// <summary>The store, one caller: every commit is its own durable transaction.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public async Task StoreSequential()
    {
        for (var i = 0; i < Sequential; i++)
        {
            await _store.CommitAsync(SqliteBenchmarkRows.Commit("SEQ", _storeVersion));
            _storeVersion++;
        }
    }

    /// <summary>The store, 64 concurrent callers on their own cases: group commit shares transactions and fsyncs.</summary>
    [Benchmark(OperationsPerInvoke = Batched)]
    public async Task StoreConcurrent64()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            callers[c] = Task.Run(async () =>
            {
                var caseNumber = "CC" + caller;
                for (var i = 0; i < Batched / Callers; i++)
                {
                    await _store.CommitAsync(SqliteBenchmarkRows.Commit(caseNumber, _callerVersions[caller]));
                    _callerVersions[caller]++;
                }
            });
        }
        await Task.WhenAll(callers);
    }
}
