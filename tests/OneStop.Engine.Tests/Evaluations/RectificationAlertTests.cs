using Microsoft.Extensions.DependencyInjection;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Statistics;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Evaluations;

/// <summary>The whole chain through the public registration: a bad evaluation starts rectification clocks of the case
/// clocks, the deadline scheduler fires the missed one, and supervision raises time.rectification-overdue.</summary>
public class RectificationAlertTests
{
    private sealed class Host : IDisposable
    {
        private readonly ServiceProvider _services;
        private int _key;

        public Host()
        {
            Clock = new FakeTimeProvider(SomeItems.Start, TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST"));
            _services = new ServiceCollection()
                .AddOneStop(b => b.UseCatalogue(SomeItems.Catalogue(StatisticsHost.Promised)).UseStore(new InMemoryCaseStore())
                    .UseTimeProvider(Clock).UseOutboxWorker(false).UseDeadlineWorker(false))
                .BuildServiceProvider();
        }

        public FakeTimeProvider Clock { get; }
        public ICaseEngine Engine => _services.GetRequiredService<ICaseEngine>();
        public ICaseEvaluations Evaluations => _services.GetRequiredService<ICaseEvaluations>();
        public IDeadlineScheduler Scheduler => _services.GetRequiredService<IDeadlineScheduler>();
        public IAlertService Alerts => _services.GetRequiredService<IAlertService>();
        public string Key() => "k" + Interlocked.Increment(ref _key);

        public async Task<string> ConcludedAsync()
        {
            var r = await Engine.SubmitAsync(new SubmitCase(StatisticsHost.PromisedCode, "张三", "applicant", Key()) { Materials = ["report"] });
            await Engine.ExecuteAsync(new Accept(r.CaseNumber, "window", Key()));
            var task = (await Engine.GetCaseAsync(r.CaseNumber))!.OpenTasks.Single();
            await Engine.ExecuteAsync(new ApproveTask(r.CaseNumber, "staff", Key(), task.TaskId));
            await Engine.ExecuteAsync(new Deliver(r.CaseNumber, "window", Key()));
            return r.CaseNumber;
        }

        public async Task<IReadOnlyList<Alert>> RectificationAlertsAsync(string n) =>
            (await Alerts.ListAlertsAsync(new AlertQuery { CaseNumber = n, RuleId = SupervisionRules.RectificationOverdue })).Items;

        public void Dispose() => _services.Dispose();
    }

    [Fact]
    public async Task Evaluate_BadRatingLeftUnhandled_RaisesRectificationOverdueAlerts()
    {
        using var host = new Host();
        var n = await host.ConcludedAsync();
        await host.Evaluations.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 2, EvaluationChannel.Web, "等太久"));
        var view = (await host.Engine.GetCaseAsync(n))!;
        Assert.Equal(2, view.Clocks.Count(c => c.Kind == ClockKind.Rectification && c.Status == ClockStatus.Running));

        host.Clock.Advance(TimeSpan.FromDays(14));
        await host.Scheduler.RunDueAsync(host.Clock.GetUtcNow());

        var alerts = await host.RectificationAlertsAsync(n);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(Definitions.AlertLevel.Red, a.Level));
    }

    [Fact]
    public async Task RecordRectification_InTime_StopsClocksAndNoAlertIsRaised()
    {
        using var host = new Host();
        var n = await host.ConcludedAsync();
        await host.Evaluations.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 1, EvaluationChannel.Window));
        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.Evaluations.RecordRectificationAsync(new RecordRectification(n, "staff", host.Key(), EvaluationChannel.Window, RectificationStage.Rectified, "已联系并整改"));

        host.Clock.Advance(TimeSpan.FromDays(14));
        await host.Scheduler.RunDueAsync(host.Clock.GetUtcNow());

        Assert.Empty(await host.RectificationAlertsAsync(n));
        Assert.DoesNotContain((await host.Engine.GetCaseAsync(n))!.Clocks, c => c.Kind == ClockKind.Rectification && c.Status != ClockStatus.Stopped);
    }
}
