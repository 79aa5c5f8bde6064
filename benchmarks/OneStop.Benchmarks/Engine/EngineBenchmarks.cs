using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Hooks;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Engine;

/// <summary>The runtime on the in-memory store. Budgets (issue 3): a full joint case (submit, accept, intake,
/// four parallel approvals, hand-out, deliver) under 10 µs and 8 KB; a single task action under 1 µs.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const string Yaml = """
        item: "000201005000"
        version: 1
        name: 企业开办
        department: 市市场监督管理局
        kind: joint
        roles:
          window: { name: 窗口, department: 市政务服务中心 }
          a: { name: 甲, department: 甲局 }
          b: { name: 乙, department: 乙局 }
          c: { name: 丙, department: 丙局 }
          d: { name: 丁, department: 丁局 }
        materials:
          - { id: form, name: 申请书 }
        flow:
          - { step: intake, role: window }
          - parallel:
              id: joint
              branches:
                ba: [{ step: sa, role: a }]
                bb: [{ step: sb, role: b }]
                bc: [{ step: sc, role: c }]
                bd: [{ step: sd, role: d }]
          - { step: handout, role: window }
        """;

    private static readonly string[] Steps = ["sa", "sb", "sc", "sd"];
    private CaseEngine _engine = null!;
    private Catalogue _catalogue = null!;
    private int _key;
    private string _taskCase = "";
    private string _taskId = "";

    [GlobalSetup(Target = nameof(FullJointCase))]
    public void Setup()
    {
        _catalogue = CatalogueLoader.LoadTexts([("bench.yaml", Yaml)]).GetValueOrThrow();
        _engine = NewEngine();
    }

    private CaseEngine NewEngine()
    {
        var store = new InMemoryCaseStore();
        // Messages stay in the in-memory outbox; delivery is not part of the measured path.
        return new CaseEngine(store, _catalogue, TimeProvider.System, new AllowAllAuthorizer(), new DefaultCaseNumberGenerator(store, TimeProvider.System),
            [], [], [], NullLogger.Instance, new EngineTelemetry(), new OneStopOptions());
    }

    private string Key() => "b" + (++_key).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Benchmark(Description = "full joint case: submit, accept, intake, 4 parallel approvals, hand-out, deliver")]
    public async Task<CaseState> FullJointCase()
    {
        var r = await _engine.SubmitAsync(new SubmitCase("000201005000", "申请人", "applicant", Key()));
        var n = r.CaseNumber;
        r = await _engine.ExecuteAsync(new Accept(n, "window", Key()));
        r = await _engine.ExecuteAsync(new ApproveTask(n, "window", Key(), r.OpenTaskIds[0]));
        var tasks = r.OpenTaskIds;
        for (var i = 0; i < tasks.Count; i++) r = await _engine.ExecuteAsync(new ApproveTask(n, "staff", Key(), tasks[i]));
        r = await _engine.ExecuteAsync(new ApproveTask(n, "window", Key(), r.OpenTaskIds[0]));
        r = await _engine.ExecuteAsync(new Deliver(n, "window", Key()));
        return r.State;
    }

    private string _holder = "window";

    [GlobalSetup(Target = nameof(SingleTaskAction))]
    public void PrepareTask()
    {
        Setup();
        var r = _engine.SubmitAsync(new SubmitCase("000201005000", "申请人", "applicant", Key())).GetAwaiter().GetResult();
        r = _engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key())).GetAwaiter().GetResult();
        _taskCase = r.CaseNumber;
        _taskId = r.OpenTaskIds[0];
        _engine.ExecuteAsync(new ClaimTask(_taskCase, "window", Key(), _taskId)).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "single task action: transfer (转办) an open task")]
    public async Task<long> SingleTaskAction()
    {
        // Hands the task back and forth, so every call is a real state change with an event, a task row and a notice.
        var to = _holder == "window" ? "deputy" : "window";
        var r = await _engine.ExecuteAsync(new TransferTask(_taskCase, _holder, Key(), _taskId, to));
        _holder = to;
        return r.Version;
    }

    // The bounded variants below run the same commands, but the store never holds more than StoreBound cases (or one
    // case with StoreBound transfers): the variants above keep every case and key of the whole run in one store, so
    // their per-operation time includes the collector working over an ever larger heap and the store's tables
    // resizing at ever larger sizes. Here a fresh engine and store replace the old ones (dropped whole) every
    // StoreBound operations, inside the measured time, so the replacement, the tables' growth from empty and the
    // old store's collection are all paid for, spread over the operations that filled it.
    private const int StoreBound = 10_000;
    private int _bounded;

    [GlobalSetup(Targets = [nameof(FullJointCaseBounded), nameof(SingleTaskActionBounded)])]
    public void SetupBounded()
    {
        _catalogue = CatalogueLoader.LoadTexts([("bench.yaml", Yaml)]).GetValueOrThrow();
        _bounded = StoreBound;
    }

    [Benchmark(Description = "full joint case, bounded store (a fresh store every 10,000 cases)")]
    public Task<CaseState> FullJointCaseBounded()
    {
        if (++_bounded > StoreBound)
        {
            _engine = NewEngine();
            _bounded = 1;
        }
        return FullJointCase();
    }

    [Benchmark(Description = "single task action: transfer (转办), bounded store (a fresh store and task every 10,000 transfers)")]
    public Task<long> SingleTaskActionBounded()
    {
        if (++_bounded > StoreBound)
        {
            // Submit, accept and claim: three commands per 10,000 transfers.
            _engine = NewEngine();
            _holder = "window";
            var r = _engine.SubmitAsync(new SubmitCase("000201005000", "申请人", "applicant", Key())).GetAwaiter().GetResult();
            r = _engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key())).GetAwaiter().GetResult();
            _taskCase = r.CaseNumber;
            _taskId = r.OpenTaskIds[0];
            _engine.ExecuteAsync(new ClaimTask(_taskCase, "window", Key(), _taskId)).GetAwaiter().GetResult();
            _bounded = 1;
        }
        return SingleTaskAction();
    }
}
