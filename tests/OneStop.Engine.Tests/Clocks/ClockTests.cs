using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Clocks;

public sealed class ClockTests
{
    private static WorkingCalendar Calendar => ClockHost.Calendar;

    [Fact]
    public async Task Submit_AnyItem_StartsFiveWorkdayCorrectionClockFromReceipt()
    {
        using var host = new ClockHost(ClockItems.All());
        host.SetTime(ClockHost.At(2025, 9, 26, 10));
        var number = await host.SubmitAsync(SomeItems.SimpleCode);

        var clock = await host.ClockAsync(number, ClockKind.Correction);

        // Worked example: 2025-09-26 + 5 workdays → 2025-10-10 (National Day holidays, 9-28 make-up day).
        Assert.Equal(ClockHost.At(2025, 10, 10, 17), clock.DueAt);
        Assert.Equal(ClockStatus.Running, clock.Status);
        Assert.False(clock.IsProvisional);
    }

    [Fact]
    public async Task Accept_PromisedItem_StartsStatutoryPromisedAndStepClocksAndStopsCorrection()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        var view = await host.ViewAsync(number);

        var decision = view.Clocks.Single(c => c.Kind == ClockKind.Decision);
        var promised = view.Clocks.Single(c => c.Kind == ClockKind.Promised);
        var step = view.Clocks.Single(c => c.Kind == ClockKind.Step);
        Assert.Equal(Calendar.Add(ClockHost.Monday, TimeAmount.Workdays(20)).Instant, decision.DueAt);
        Assert.Equal(Calendar.Add(ClockHost.Monday, TimeAmount.Workdays(15)).Instant, promised.DueAt);
        Assert.Equal("review", step.StepId);
        // Monday 09:00 + 3 workdays: Thursday 17:00.
        Assert.Equal(ClockHost.At(2025, 9, 25, 17), step.DueAt);
        Assert.Equal(ClockStatus.Stopped, view.Clocks.Single(c => c.Kind == ClockKind.Correction).Status);
        Assert.DoesNotContain(view.Clocks, c => c.Kind is ClockKind.Delivery or ClockKind.Review);
    }

    [Fact]
    public async Task Accept_JointItem_Counts45WorkdaysAndExtends15()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.JointCode);
        var before = await host.ClockAsync(number, ClockKind.Decision);
        Assert.Equal(Calendar.Add(ClockHost.Monday, TimeAmount.Workdays(45)).Instant, before.DueAt);

        await host.RunAsync(new Extend(number, "boss", host.Key(), "情况复杂", "局长"));

        var after = await host.ClockAsync(number, ClockKind.Decision);
        Assert.Equal(Calendar.Add(before.DueAt, TimeAmount.Workdays(15)).Instant, after.DueAt);
        // The starting day is not counted (Art.201), so its own office hours come on top of the 45 + 15 workdays.
        Assert.Equal((1 + 45 + 15) * 480, Calendar.WorkingMinutesBetween(ClockHost.Monday, after.DueAt));
    }

    [Fact]
    public async Task Accept_ReferredItem_StartsTwentyWorkdayReviewClock()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.ReferredCode);

        var review = await host.ClockAsync(number, ClockKind.Review);

        Assert.Equal(Calendar.Add(ClockHost.Monday, TimeAmount.Workdays(20)).Instant, review.DueAt);
    }

    [Fact]
    public async Task Suspend_TenToFifteen_MovesDecisionAndStepDeadlinesByExactlyFiveWorkingHours()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        var decision = await host.ClockAsync(number, ClockKind.Decision);
        var step = await host.ClockAsync(number, ClockKind.Step);

        host.SetTime(ClockHost.At(2025, 9, 22, 10));
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.Hearing, "听证"));
        var paused = await host.ClockAsync(number, ClockKind.Decision);
        Assert.True(paused.IsPaused);
        host.SetTime(ClockHost.At(2025, 9, 22, 15));
        await host.RunAsync(new Resume(number, "clerk", host.Key(), "听证结束"));

        var resumed = await host.ClockAsync(number, ClockKind.Decision);
        var resumedStep = await host.ClockAsync(number, ClockKind.Step);
        Assert.Equal(ClockStatus.Running, resumed.Status);
        Assert.Equal(300, resumed.PausedMinutes);
        Assert.Equal(Calendar.AddWorkingMinutes(decision.DueAt, 300).Instant, resumed.DueAt);
        // Thursday 17:00 + 5 working hours = Friday 14:00.
        Assert.Equal(ClockHost.At(2025, 9, 26, 14), resumedStep.DueAt);
        Assert.Equal(300, Calendar.WorkingMinutesBetween(step.DueAt, resumedStep.DueAt));
    }

    [Fact]
    public async Task Suspend_OverAWeekend_AddsBackOnlyWorkingTime()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var before = await host.ClockAsync(number, ClockKind.Decision);

        host.SetTime(ClockHost.At(2025, 9, 19 + 7, 16)); // Friday 16:00
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.Testing, "检测"));
        host.SetTime(ClockHost.At(2025, 9, 29, 10)); // Monday 10:00 (Sunday 9-28 is a make-up working day)
        await host.RunAsync(new Resume(number, "clerk", host.Key(), null));

        var after = await host.ClockAsync(number, ClockKind.Decision);
        // Friday 16–17, Sunday 9-28 all day (调休), Monday 9–10.
        Assert.Equal(60 + 480 + 60, after.PausedMinutes);
        Assert.Equal(Calendar.AddWorkingMinutes(before.DueAt, 600).Instant, after.DueAt);
    }

    [Fact]
    public async Task Extend_Twice_AddsTheAmountOnlyOnce()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        var before = await host.ClockAsync(number, ClockKind.Decision);

        await host.RunAsync(new Extend(number, "boss", host.Key(), "需要补充调查", "局长"));
        var once = await host.ClockAsync(number, ClockKind.Decision);
        await Assert.ThrowsAsync<IllegalActionException>(() => host.RunAsync(new Extend(number, "boss", host.Key(), "再次延期", "局长")));
        var after = await host.ClockAsync(number, ClockKind.Decision);

        Assert.Equal(Calendar.Add(before.DueAt, TimeAmount.Workdays(10)).Instant, once.DueAt);
        Assert.True(once.Extended);
        Assert.Equal(once.DueAt, after.DueAt);
        Assert.True((await host.ClockAsync(number, ClockKind.Promised)).Extended);
        Assert.False((await host.ClockAsync(number, ClockKind.Step)).Extended);
    }

    [Fact]
    public async Task Decide_StopsDecisionClocks_StartsTenWorkdayDelivery_DeliverStopsIt()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        host.SetTime(ClockHost.At(2025, 9, 23, 11));
        await host.RunAsync(new Decide(number, "boss", host.Key(), CaseOutcome.Approved));

        var view = await host.ViewAsync(number);
        var delivery = view.Clocks.Single(c => c.Kind == ClockKind.Delivery);
        Assert.Equal(Calendar.Add(ClockHost.At(2025, 9, 23, 11), TimeAmount.Workdays(10)).Instant, delivery.DueAt);
        Assert.Equal(ClockStatus.Stopped, view.Clocks.Single(c => c.Kind == ClockKind.Decision).Status);

        await host.RunAsync(new Deliver(number, "window", host.Key(), "窗口", "证-1"));
        Assert.All((await host.ViewAsync(number)).Clocks, c => Assert.Equal(ClockStatus.Stopped, c.Status));
        Assert.Null(await host.Store.GetNextDueAsync());
    }

    [Fact]
    public async Task AcceptWithPendingMaterials_RunsUntilSupplied()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.SubmitAsync(SomeItems.SimpleCode);
        await host.RunAsync(new AcceptWithPendingMaterials(number, "window", host.Key(), ["plan"], new DateOnly(2025, 9, 30)));

        var pending = await host.ClockAsync(number, ClockKind.PendingMaterials);
        Assert.Equal(ClockHost.At(2025, 9, 30, 17), pending.DueAt);
        Assert.Equal(ClockStatus.Running, pending.Status);

        await host.RunAsync(new SupplyMaterials(number, "applicant", host.Key(), ["plan"]));
        Assert.Equal(ClockStatus.Stopped, (await host.ClockAsync(number, ClockKind.PendingMaterials)).Status);
    }

    [Fact]
    public async Task Suspend_ForTheStepsSpecialProcedure_RunsItsOwnBudgetWhileDecisionPauses()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.InspectionCode);
        host.SetTime(ClockHost.At(2025, 9, 23, 9));
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.SiteInspection, "现场核查"));

        var view = await host.ViewAsync(number);
        var special = view.Clocks.Single(c => c.Kind == ClockKind.SpecialProcedure);
        Assert.Equal(Calendar.Add(ClockHost.At(2025, 9, 23, 9), TimeAmount.Workdays(10)).Instant, special.DueAt);
        Assert.Equal(ClockStatus.Running, special.Status);
        Assert.Equal("inspect", special.StepId);
        Assert.True(view.Clocks.Single(c => c.Kind == ClockKind.Decision).IsPaused);
        Assert.True(view.Clocks.Single(c => c.Kind == ClockKind.Step).IsPaused);

        await host.RunAsync(new Resume(number, "clerk", host.Key(), null));
        Assert.Equal(ClockStatus.Stopped, (await host.ClockAsync(number, ClockKind.SpecialProcedure)).Status);
    }

    [Fact]
    public async Task Accept_PastTheHolidayData_FlagsTheClockProvisional()
    {
        using var host = new ClockHost(ClockItems.All());
        host.SetTime(ClockHost.At(2026, 12, 21, 9));
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);

        var view = await host.ViewAsync(number);

        Assert.True(view.Clocks.Single(c => c.Kind == ClockKind.Decision).IsProvisional);
        Assert.False(view.Clocks.Single(c => c.Kind == ClockKind.Correction).IsProvisional);
    }

    [Fact]
    public async Task View_BeforeAndAfterDue_ShowsRemainingAndOverdueWorkingTimeInWords()
    {
        using var host = new ClockHost(ClockItems.All());
        host.SetTime(ClockHost.At(2025, 9, 26, 9));
        var number = await host.AcceptedAsync(ClockItems.WarnedCode); // 5 workdays → 2025-10-10 17:00

        host.SetTime(ClockHost.At(2025, 10, 9, 15));
        var before = await host.ClockAsync(number, ClockKind.Decision);
        host.SetTime(ClockHost.At(2025, 10, 13, 17));
        var after = await host.ClockAsync(number, ClockKind.Decision);

        Assert.Equal(ClockHost.At(2025, 10, 10, 17), before.DueAt);
        Assert.Equal("剩余 1 个工作日 2 小时", before.RemainingText);
        // Saturday 10-11 is a make-up working day: two workdays overdue by Monday's close.
        Assert.Equal("超时 2 个工作日", after.RemainingText);
        Assert.Equal(-960, after.Remaining.Minutes);
    }

    [Fact]
    public async Task Replay_CaseWithClockEvents_ReproducesTheSnapshot()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        host.SetTime(ClockHost.At(2025, 9, 22, 10));
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.Hearing, "听证"));
        host.SetTime(ClockHost.At(2025, 9, 24, 10));
        await host.RunAsync(new Resume(number, "clerk", host.Key(), null));
        await host.RunAsync(new Extend(number, "boss", host.Key(), "复杂", "局长"));
        await host.AdvanceToAsync(ClockHost.At(2025, 10, 20, 9));

        var replayed = await host.Engine.ReplayAsync(number);
        var stored = await host.Engine.StoredSnapshotAsync(number);

        Assert.NotEmpty(stored.Clocks!);
        Assert.Equal(TestHost.Json(stored), TestHost.Json(replayed));
    }
}
