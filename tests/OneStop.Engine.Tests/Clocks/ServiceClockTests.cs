using OneStop.Definitions;

namespace OneStop.Engine.Tests.Clocks;

public sealed class ServiceClockTests
{
    /// <summary>A service step with a 2-workday limit, then a review.</summary>
    private const string LimitedCode = "000200000031";
    private static readonly string Limited = SomeItems.Item(LimitedCode, """
        - service: { id: credit, handler: credit-check, limit: 2 workdays }
        - { step: review, role: clerk }
        """);

    /// <summary>The same service step without a limit.</summary>
    private const string UnlimitedCode = "000200000032";
    private static readonly string Unlimited = SomeItems.Item(UnlimitedCode, """
        - service: { id: credit, handler: credit-check }
        - { step: review, role: clerk }
        """);

    private static ClockHost NewHost() => new(SomeItems.Catalogue(Limited, Unlimited));

    [Fact]
    public async Task ServiceStepWithLimit_StartsAStepClockCountedFromTheCall()
    {
        using var host = NewHost();
        var accepted = ClockHost.At(2025, 9, 26, 10);
        host.SetTime(accepted);
        var number = await host.AcceptedAsync(LimitedCode);

        var clock = Assert.Single((await host.ViewAsync(number)).Clocks, c => c.Kind == ClockKind.Step);
        Assert.Equal("credit", clock.StepId);
        Assert.Equal(ClockStatus.Running, clock.Status);
        Assert.Equal(accepted, clock.StartedAt);
        // The starting day is not counted; Sunday 28 September 2025 is a make-up working day (调休), so day 2 is Monday the 29th.
        Assert.Equal(ClockHost.Calendar.Add(accepted, TimeAmount.Workdays(2)).Instant, clock.DueAt);
        Assert.Equal(ClockHost.At(2025, 9, 29, 17), clock.DueAt);
    }

    [Fact]
    public async Task ServiceStepWithoutLimit_HasNoStepClock()
    {
        using var host = NewHost();
        var number = await host.AcceptedAsync(UnlimitedCode);
        Assert.DoesNotContain((await host.ViewAsync(number)).Clocks, c => c.Kind == ClockKind.Step);
    }

    [Fact]
    public async Task ServiceStepWithLimit_UnansweredPastTheLimit_FiresTheTimeoutThenStopsWhenTheServiceAnswers()
    {
        using var host = NewHost();
        var number = await host.AcceptedAsync(LimitedCode);
        var due = (await host.ClockAsync(number, ClockKind.Step)).DueAt;

        host.SetTime(due);
        var fired = await host.Scheduler.RunDueAsync(due);

        Assert.True(fired >= 1);
        var late = await host.ClockAsync(number, ClockKind.Step);
        Assert.Contains(AlertLevel.Red, late.Fired);
        Assert.Equal(ClockStatus.Running, late.Status);
        Assert.Contains((await host.ViewAsync(number)).Timeline, t => t.Type == "clock.deadline-fired.v1");
        Assert.Equal(0, await host.Scheduler.RunDueAsync(due.AddDays(1)));

        var snapshot = await host.Engine.StoredSnapshotAsync(number);
        var node = (await host.ViewAsync(number)).Clocks.Single(c => c.Kind == ClockKind.Step);
        await host.RunAsync(new CompleteService(number, "system", host.Key(), snapshotNode(snapshot), snapshot.Token[snapshotNode(snapshot)], true, null));

        var view = await host.ViewAsync(number);
        Assert.Equal(ClockStatus.Stopped, view.Clocks.Single(c => c.Id == node.Id).Status);
        Assert.Equal("review", view.OpenTasks.Single().StepId);
        await new TestHostReplay(host).AssertAsync(number);

        static int snapshotNode(Engine.Flow.CaseSnapshot s) => s.Clocks!.Single(c => c.Kind == ClockKind.Step).Node;
    }
}
