using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Clocks;

public class TaskDueTests
{
    [Fact]
    public async Task ListTasks_StepWithLimit_CarriesItsStepClockAndSortsBeforeOlderTaskDueLater()
    {
        using var host = new ClockHost(ClockItems.All());
        var older = await host.AcceptedAsync(SomeItems.SimpleCode);
        host.Clock.Advance(TimeSpan.FromHours(1));
        var urgent = await host.AcceptedAsync(ClockItems.LimitsCode);

        var page = await host.Engine.ListTasksAsync(new TaskQuery("anyone", ["clerk"], []));

        var step = await host.ClockAsync(urgent, ClockKind.Step);
        var olderDecision = await host.ClockAsync(older, ClockKind.Decision);
        Assert.True(step.DueAt < olderDecision.DueAt);
        Assert.Equal([urgent, older], page.Items.Select(t => t.CaseNumber));
        Assert.Equal(step.DueAt, page.Items[0].Due);
        Assert.Equal(olderDecision.DueAt, page.Items[1].Due);
    }

    [Fact]
    public async Task ListTasks_StepWithoutLimit_TakesThePromisedDecisionDue()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.WarnedCode);

        var task = Assert.Single((await host.Engine.ListTasksAsync(new TaskQuery("anyone", ["clerk"], []))).Items);

        var decision = await host.ClockAsync(number, ClockKind.Decision);
        Assert.Equal(decision.DueAt, task.Due);
    }
}
