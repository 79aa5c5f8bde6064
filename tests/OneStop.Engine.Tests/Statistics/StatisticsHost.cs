using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Statistics;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Statistics;

/// <summary>An engine over an in-memory store with the statistics extension (calendar and evaluation options).</summary>
internal sealed class StatisticsHost : IDisposable
{
    private int _key;

    /// <summary>Promised 5 workdays, statutory 20.</summary>
    public const string PromisedCode = "000100000011";

    public static readonly string Promised = SomeItems.Item(PromisedCode, """
        - { step: review, name: 审查, role: clerk }
        """, extra: "time: { statutory: 20 workdays, promised: 5 workdays }");

    public StatisticsHost(ICaseStore? store = null, EvaluationOptions? evaluations = null, IActorAuthorizer? authorizer = null)
    {
        Clock = new FakeTimeProvider(SomeItems.Start, TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST"));
        Store = store ?? new InMemoryCaseStore();
        Calendar = WorkingCalendar.CreateDefault();
        Engine = new CaseEngine(Store, SomeItems.Catalogue(Promised, SomeItems.Simple), Clock, authorizer ?? new Hooks.AllowAllAuthorizer(),
            new Hooks.DefaultCaseNumberGenerator(Store, Clock), [], [], [new StatisticsExtension(Calendar, evaluations ?? new EvaluationOptions())],
            NullLogger.Instance, new EngineTelemetry(), new OneStopOptions());
    }

    public FakeTimeProvider Clock { get; }
    public ICaseStore Store { get; }
    public WorkingCalendar Calendar { get; }
    public CaseEngine Engine { get; }

    public string Key() => "k" + Interlocked.Increment(ref _key);

    public async Task<string> AcceptedAsync(string item = PromisedCode)
    {
        var r = await Engine.SubmitAsync(new SubmitCase(item, "张三", "applicant", Key()) { Materials = ["report"] });
        await Engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key()));
        return r.CaseNumber;
    }

    /// <summary>Approves the one review step: the case is decided (approved).</summary>
    public async Task DecideAsync(string number)
    {
        var view = (await Engine.GetCaseAsync(number))!;
        await Engine.ExecuteAsync(new ApproveTask(number, "staff", Key(), view.OpenTasks.Single().TaskId));
    }

    public async Task<string> ConcludedAsync()
    {
        var n = await AcceptedAsync();
        await DecideAsync(n);
        await Engine.ExecuteAsync(new Deliver(n, "window", Key()));
        return n;
    }

    public void Dispose() => Engine.Dispose();
}
