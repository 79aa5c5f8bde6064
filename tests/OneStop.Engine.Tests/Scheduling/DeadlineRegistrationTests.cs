using Microsoft.Extensions.DependencyInjection;
using OneStop.Engine.Tests.Clocks;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Scheduling;

public sealed class DeadlineRegistrationTests
{
    [Fact]
    public async Task AddOneStop_WithDeadlineHandler_FiresAndDeliversThroughDi()
    {
        var clock = new FakeTimeProvider(ClockHost.Monday, ClockHost.Calendar.TimeZone);
        var handler = new RecordingDeadlines();
        var services = new ServiceCollection();
        services.AddOneStop(b => b.UseCatalogue(ClockItems.All()).UseTimeProvider(clock).UseCalendar(ClockHost.Calendar)
            .UseOutboxWorker(false).UseDeadlineWorker(false).AddDeadlineHandler(handler));
        await using var sp = services.BuildServiceProvider();
        var engine = sp.GetRequiredService<ICaseEngine>();
        var scheduler = sp.GetRequiredService<IDeadlineScheduler>();
        var number = (await engine.SubmitAsync(new SubmitCase(ClockItems.DeemedCode, "张三", "applicant", "s1") { Materials = ["report"] })).CaseNumber;
        await engine.ExecuteAsync(new Accept(number, "window", "a1"));
        var due = (await engine.GetCaseAsync(number))!.Clocks.Single(c => c.Kind == ClockKind.Decision).DueAt;

        Assert.Equal(ClockHost.Calendar.AddWorkingMinutes(ClockHost.Monday, 21 * 480 / 2).Instant, await scheduler.GetNextDueAsync());
        clock.SetUtcNow(due);
        var fired = await scheduler.RunDueAsync(due);
        await engine.ProcessOutboxAsync();

        Assert.Equal(3, fired);
        Assert.Equal(CaseOutcome.DeemedApproved, (await engine.GetCaseAsync(number))!.Outcome);
        Assert.Equal(3, handler.Received.Count);
        Assert.Empty(sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>());
    }

    [Fact]
    public void AddOneStop_InvalidClockOptions_ReportsThem()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<OneStopConfigurationException>(() => services.AddOneStop(b => b.UseCatalogue(ClockItems.All())
            .ConfigureClocks(o =>
            {
                o.BatchSize = 0;
                o.DefaultWarnings.Add(new Definitions.WarningThreshold(Definitions.AlertLevel.Yellow, null, 1.5m));
            })));
        Assert.Equal(2, ex.Errors.Count);
    }
}
