using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Storage;
using OneStop.Engine.Supervision;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Supervision;

/// <summary>An engine with clocks and supervision over an in-memory store and a fake clock, with recording sinks.</summary>
internal sealed class SupervisionHost : IDisposable
{
    private int _key;

    /// <summary>Monday 2025-09-22 09:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Monday = SomeItems.Start;

    public SupervisionHost(Catalogue? catalogue = null, string? configuration = null, IActorAuthorizer? authorizer = null,
        ICaseStore? store = null, FakeTimeProvider? clock = null)
    {
        Catalogue = catalogue ?? SupervisionItems.Catalogue();
        Clock = clock ?? new FakeTimeProvider(Monday, Calendar.TimeZone);
        Store = store ?? new InMemoryCaseStore();
        var errors = new List<string>();
        var compiler = SupervisionRegistration.Compile(new SupervisionOptions { ConfigurationText = configuration }, Catalogue, errors);
        Assert.Empty(errors);
        var options = new ClockOptions();
        var planner = new ClockPlanner(Calendar, options);
        var signal = new DeadlineSignal();
        var hub = new DeadlineHub([]);
        var factory = new AlertFactory(compiler.Configuration, Calendar);
        Evaluator = new SupervisionEvaluator(compiler, factory, Calendar);
        Engine = new CaseEngine(Store, Catalogue, Clock, authorizer ?? new Hooks.AllowAllAuthorizer(), new Hooks.DefaultCaseNumberGenerator(Store, Clock),
            [], [], [new ClockExtension(planner, signal), new SupervisionExtension(Evaluator, Store)], NullLogger.Instance, new EngineTelemetry(),
            new OneStopOptions(), [hub, new AlertChannelHandler([Sink])]);
        Scheduler = new DeadlineScheduler(Engine, new DeadlineFirer(planner), hub, signal, Clock, options, NullLogger.Instance);
        Alerts = new AlertService(Store, factory, compiler.Configuration, Clock);
    }

    public static WorkingCalendar Calendar => Time.Some.Calendar;
    public Catalogue Catalogue { get; }
    public FakeTimeProvider Clock { get; }
    public ICaseStore Store { get; }
    public CaseEngine Engine { get; }
    public SupervisionEvaluator Evaluator { get; }
    public DeadlineScheduler Scheduler { get; }
    public IAlertService Alerts { get; }
    public RecordingSupervisionSink Sink { get; } = new();

    // Unique per host, so two hosts over one store (two engine nodes) never repeat each other's keys.
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];

    public string Key() => _prefix + "-" + Interlocked.Increment(ref _key);

    /// <summary>Local Shanghai wall-clock time as an instant.</summary>
    public static DateTimeOffset At(int month, int day, int hour = 9) => new(2025, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    public async Task<string> SubmitAsync(string item = SupervisionItems.BasicCode, params string[] materials)
    {
        var r = await Engine.SubmitAsync(new SubmitCase(item, "张三", "applicant", Key()) { Materials = materials.Length == 0 ? SupervisionItems.AllMaterials : materials });
        return r.CaseNumber;
    }

    public async Task<string> AcceptedAsync(string item = SupervisionItems.BasicCode, params string[] materials)
    {
        var n = await SubmitAsync(item, materials);
        await Engine.ExecuteAsync(new Accept(n, "window", Key()));
        return n;
    }

    public Task<CommandResult> RunAsync(CaseCommand command) => Engine.ExecuteAsync(command).AsTask();

    public async Task<string> TaskIdAsync(string number, string step) =>
        (await Engine.GetCaseAsync(number))!.OpenTasks.First(t => t.StepId == step).TaskId;

    public async Task ApproveAsync(string number, string step) =>
        await Engine.ExecuteAsync(new ApproveTask(number, "staff", Key(), await TaskIdAsync(number, step)));

    public async Task ReturnAsync(string number, string step, string target = "review") =>
        await Engine.ExecuteAsync(new ReturnTask(number, "staff", Key(), await TaskIdAsync(number, step), target, "材料需核实"));

    /// <summary>Approves both steps of the basic item: the flow decides.</summary>
    public async Task<string> DecidedAsync(string item = SupervisionItems.BasicCode)
    {
        var n = await AcceptedAsync(item);
        await ApproveAsync(n, "review");
        await ApproveAsync(n, "decide");
        return n;
    }

    /// <summary>Moves the clock, fires what is due and delivers the outbox.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        await Scheduler.RunDueAsync(Clock.GetUtcNow());
        await Engine.ProcessOutboxAsync();
    }

    /// <summary>The case's alerts of one rule.</summary>
    public async Task<IReadOnlyList<Alert>> AlertsAsync(string number, string ruleId) =>
        (await Alerts.ListAlertsAsync(new AlertQuery { CaseNumber = number, RuleId = ruleId })).Items;

    public void Dispose() => Engine.Dispose();
}

/// <summary>Records every alert message.</summary>
internal sealed class RecordingSupervisionSink : ISupervisionSink
{
    private readonly List<AlertArguments> _received = [];

    public IReadOnlyList<AlertArguments> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public ValueTask SendAsync(AlertArguments arguments, CancellationToken cancellationToken)
    {
        lock (_received) _received.Add(arguments);
        return ValueTask.CompletedTask;
    }
}
