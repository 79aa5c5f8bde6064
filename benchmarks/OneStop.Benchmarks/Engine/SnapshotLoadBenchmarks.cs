using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Hooks;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Engine;

/// <summary>What a snapshot cache miss costs (<see cref="OneStopOptions.SnapshotInterval"/>): rebuilding a case from the
/// store when its snapshot is current (deserialise only) against the worst case of the default interval (deserialise
/// the snapshot and replay 31 events after it). In-memory store, so only the engine's work is measured.</summary>
[MemoryDiagnoser]
public class SnapshotLoadBenchmarks
{
    private const string Yaml = """
        item: "000201005001"
        version: 1
        name: 快照基准
        department: 市市场监督管理局
        kind: promised
        roles:
          window: { name: 窗口, department: 市政务服务中心 }
        flow:
          - { step: intake, role: window }
        """;

    private CaseEngine _current = null!, _behind = null!;
    private string _currentCase = "", _behindCase = "";
    private int _key;

    [GlobalSetup]
    public void Setup()
    {
        var catalogue = CatalogueLoader.LoadTexts([("bench.yaml", Yaml)]).GetValueOrThrow();
        (_current, _currentCase) = Build(catalogue, interval: 1);
        (_behind, _behindCase) = Build(catalogue, interval: new OneStopOptions().SnapshotInterval);
        var current = _current.Store.GetCaseAsync(_currentCase).GetAwaiter().GetResult()!;
        var behind = _behind.Store.GetCaseAsync(_behindCase).GetAwaiter().GetResult()!;
        Console.WriteLine($"// current: version {current.Version}, snapshot at {current.SnapshotVersion} ({current.Snapshot.Length} B); " +
            $"behind: version {behind.Version}, snapshot at {behind.SnapshotVersion} ({behind.Snapshot.Length} B)");
    }

    /// <summary>A case transferred back and forth until it is one event short of the interval past its stored snapshot.</summary>
    private (CaseEngine, string) Build(Catalogue catalogue, int interval)
    {
        var store = new InMemoryCaseStore();
        var engine = new CaseEngine(store, catalogue, TimeProvider.System, new AllowAllAuthorizer(), new DefaultCaseNumberGenerator(store, TimeProvider.System),
            [], [], [], NullLogger.Instance, new EngineTelemetry(), new OneStopOptions { SnapshotInterval = interval, SnapshotCacheSize = 0 });
        var r = engine.SubmitAsync(new SubmitCase("000201005001", "申请人", "applicant", Key())).GetAwaiter().GetResult();
        var n = r.CaseNumber;
        r = engine.ExecuteAsync(new Accept(n, "window", Key())).GetAwaiter().GetResult();
        var task = r.OpenTaskIds[0];
        engine.ExecuteAsync(new ClaimTask(n, "window", Key(), task)).GetAwaiter().GetResult();
        var holder = "window";
        var limit = new OneStopOptions().SnapshotInterval - 1;
        while (true)
        {
            var row = store.GetCaseAsync(n).GetAwaiter().GetResult()!;
            if (interval == 1 ? row.Version >= 34 : row.Version - row.SnapshotVersion == limit) break;
            var to = holder == "window" ? "deputy" : "window";
            engine.ExecuteAsync(new TransferTask(n, holder, Key(), task, to)).GetAwaiter().GetResult();
            holder = to;
        }
        return (engine, n);
    }

    private string Key() => "s" + (++_key).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Benchmark(Baseline = true, Description = "load, snapshot current (deserialise)")]
    public async Task<long> SnapshotCurrent() => (await _current.StoredSnapshotAsync(_currentCase)).Version;

    [Benchmark(Description = "load, snapshot 31 events behind (deserialise + replay 31)")]
    public async Task<long> SnapshotBehind() => (await _behind.StoredSnapshotAsync(_behindCase)).Version;
}
