using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Events;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Engine.Supervision;

namespace OneStop.Benchmarks.Supervision;

/// <summary>Supervision rule evaluation per committed event, with the full built-in catalogue on. Budget: under 2 µs
/// per commit. Each commit is prepared once (a real case driven through the engine, then one more command's events
/// raised on a private copy); the benchmark measures only the evaluator, which is what every command pays.</summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const string ItemText = """
        item: "000600000001"
        version: 1
        name: 监察基准事项
        department: 市测试局
        kind: promised
        fees: [{ name: 工本费, amount: 10 }]
        roles:
          clerk: { name: 经办人, department: 审批科 }
          boss: { name: 负责人, department: 市测试局 }
        form:
          big: { type: bool }
        materials:
          - { id: report, name: 报告 }
          - { id: plan, name: 方案 }
          - { id: survey, name: 测绘报告, when: big }
        flow:
          - { step: review, role: clerk, limit: 2 workdays, special-procedure: { kind: expert-review, budget: 3 workdays } }
          - { step: decide, role: boss, return-to: [review] }
        """;

    private const string CustomRules = """
        custom:
          two-corrections: { level: red, when: case.corrections >= 2 }
          big-fee: { level: yellow, when: "case.fee > 100 and case.state == 'concluded'" }
          long-case: { level: reminder, when: case.elapsed_days > 30 and not case.suspended }
        """;

    private SupervisionEvaluator _builtIn = null!;
    private SupervisionEvaluator _withCustom = null!;
    private CommitContext _taskApproval = null!;
    private CommitContext _decision = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalogue = CatalogueLoader.LoadTexts([("item.yaml", ItemText)]).GetValueOrThrow();
        var calendar = WorkingCalendar.CreateDefault();
        _builtIn = Evaluator(catalogue, null, calendar);
        _withCustom = Evaluator(catalogue, CustomRules, calendar);

        var store = new InMemoryCaseStore();
        var clock = new FixedClock(new DateTimeOffset(2025, 9, 22, 1, 0, 0, TimeSpan.Zero));
        using var engine = new CaseEngine(store, catalogue, clock, new AllowAll(), new global::OneStop.Engine.Hooks.DefaultCaseNumberGenerator(store, clock),
            [], [], [], NullLogger.Instance, new EngineTelemetry(), new OneStopOptions());
        var n = engine.SubmitAsync(new SubmitCase("000600000001", "张三", "applicant", "b1") { Materials = ["report", "plan"] }).GetAwaiter().GetResult().CaseNumber;
        engine.ExecuteAsync(new Accept(n, "window", "b2")).GetAwaiter().GetResult();

        // A task approval that moves the flow on: the most common commit, which no built-in rule reacts to.
        _taskApproval = Prepare(engine, n, clock, ctx => CommandHandler.Handle(ctx, new ApproveTask(n, "staff", "b3", ctx.Snapshot.Tasks[0].Id)));
        engine.ExecuteAsync(new ApproveTask(n, "staff", "b3", FirstTask(engine, n))).GetAwaiter().GetResult();
        // The flow's decision: several rules look (materials, off-system, deemed, decision-before-acceptance) and none fires.
        _decision = Prepare(engine, n, clock, ctx => CommandHandler.Handle(ctx, new ApproveTask(n, "boss", "b4", ctx.Snapshot.Tasks[0].Id)));
        if (_builtIn.Evaluate(_taskApproval) != 0 || _builtIn.Evaluate(_decision) != 0 || _withCustom.Evaluate(_decision) != 0)
            throw new InvalidOperationException("The benchmark commits must not raise alerts (they would grow the commit on every call).");
        if (_decision.Case.State != CaseState.Decided) throw new InvalidOperationException("The decision commit did not decide.");
    }

    /// <summary>Baseline: one pass over the commit's events with a type test, the least any event-driven rule engine does.</summary>
    [Benchmark(Baseline = true)]
    public int ScanEventsOnly()
    {
        var count = 0;
        var events = _taskApproval.NewEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is CaseDecided) count++;
        }
        return count;
    }

    /// <summary>Full built-in catalogue over a task-approval commit.</summary>
    [Benchmark]
    public int BuiltIn_TaskApproval() => _builtIn.Evaluate(_taskApproval);

    /// <summary>Full built-in catalogue over the flow's decision commit.</summary>
    [Benchmark]
    public int BuiltIn_Decision() => _builtIn.Evaluate(_decision);

    /// <summary>Built-in catalogue plus three custom expression rules (each evaluated after and, when true, before the commit).</summary>
    [Benchmark]
    public int WithCustomRules_TaskApproval() => _withCustom.Evaluate(_taskApproval);

    private static SupervisionEvaluator Evaluator(Catalogue catalogue, string? configuration, WorkingCalendar calendar)
    {
        var errors = new List<string>();
        var compiler = SupervisionRegistration.Compile(new SupervisionOptions { ConfigurationText = configuration }, catalogue, errors);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        return new SupervisionEvaluator(compiler, new AlertFactory(compiler.Configuration, calendar), calendar);
    }

    private static string FirstTask(CaseEngine engine, string n) => engine.GetCaseAsync(n).GetAwaiter().GetResult()!.OpenTasks[0].TaskId;

    private static CommitContext Prepare(CaseEngine engine, string n, TimeProvider clock, Action<CommandContext> handle)
    {
        var (snapshot, plan, _) = engine.LoadAsync(n, default).GetAwaiter().GetResult();
        var ctx = new CommandContext(snapshot, plan, clock.GetUtcNow(), "staff", "prepared", clock.LocalTimeZone);
        handle(ctx);
        return new CommitContext(ctx);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST");
    }

    private sealed class AllowAll : IActorAuthorizer
    {
        public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
