using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Adapters.Sqlite.Tests.Statistics;

/// <summary>The engine through its public registration, over a given store, with a fake clock.</summary>
internal sealed class EngineOnFile : IDisposable
{
    public const string ItemCode = "000100000021";

    private static readonly string ItemText = TestItems.PromisedReview(ItemCode);

    private readonly ServiceProvider _services;
    private int _key;

    public EngineOnFile(ICaseStore store, DateTimeOffset? start = null, Action<OneStopOptions>? configure = null)
    {
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2025, 9, 22, 1, 0, 0, TimeSpan.Zero));
        var catalogue = CatalogueLoader.LoadTexts([("item.yaml", ItemText)]).GetValueOrThrow();
        _services = new ServiceCollection()
            .AddOneStop(b => b.UseCatalogue(catalogue).UseStore(store).UseTimeProvider(Clock).UseOutboxWorker(false).Configure(configure ?? (_ => { })))
            .BuildServiceProvider();
        Engine = _services.GetRequiredService<ICaseEngine>();
        Reports = _services.GetRequiredService<ICaseReports>();
        Evaluations = _services.GetRequiredService<ICaseEvaluations>();
    }

    public FakeTimeProvider Clock { get; }
    public ICaseEngine Engine { get; }
    public ICaseReports Reports { get; }
    public ICaseEvaluations Evaluations { get; }

    // Keys unique across hosts: a second host on the same file must not repeat the first one's commands.
    private static int s_hosts;
    private readonly string _prefix = "k" + Interlocked.Increment(ref s_hosts) + "-";

    public string Key() => _prefix + Interlocked.Increment(ref _key);

    public async Task<string> AcceptedAsync()
    {
        var r = await Engine.SubmitAsync(new SubmitCase(ItemCode, "张三", "applicant", Key()) { Materials = ["report"] });
        await Engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key()));
        return r.CaseNumber;
    }

    public async Task DecideAsync(string number)
    {
        var task = (await Engine.GetCaseAsync(number))!.OpenTasks.Single();
        await Engine.ExecuteAsync(new ApproveTask(number, "staff", Key(), task.TaskId));
    }

    public async Task<string> ConcludedAsync()
    {
        var n = await AcceptedAsync();
        await DecideAsync(n);
        await Engine.ExecuteAsync(new Deliver(n, "window", Key()));
        return n;
    }

    /// <summary>A mixed population: early, late, open overdue, rejected, with good and bad evaluations.</summary>
    public async Task PopulateAsync()
    {
        for (var k = 0; k < 3; k++) await ConcludedAsync();
        var late = await AcceptedAsync();
        var open = await AcceptedAsync();
        Clock.Advance(TimeSpan.FromDays(20));
        await DecideAsync(late);
        await Engine.ExecuteAsync(new Deliver(late, "window", Key()));
        var rejected = await Engine.SubmitAsync(new SubmitCase(ItemCode, "李四", "applicant", Key()));
        await Engine.ExecuteAsync(new Reject(rejected.CaseNumber, "window", Key(), "材料不全"));
        await Evaluations.EvaluateAsync(new Evaluate(late, "applicant", Key(), 1, EvaluationChannel.Web, "太慢"));
        await Evaluations.EvaluateAsync(new Evaluate(rejected.CaseNumber, "applicant", Key(), 4, EvaluationChannel.App));
        _ = open;
    }

    public void Dispose() => _services.Dispose();
}
