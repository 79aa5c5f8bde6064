using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Clocks;

public sealed class ThresholdTests
{
    private static WorkingCalendar Calendar => ClockHost.Calendar;

    [Fact]
    public async Task RunDue_DefaultWarnings_FireReminderYellowRedOnceEachInOrder()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;

        var fired = await host.AdvanceToAsync(due.AddDays(3));
        var again = await host.TickAsync();

        var events = host.Handler.Received.Where(e => e.Clock == ClockKind.Decision).ToList();
        Assert.Equal(3, fired);
        Assert.Equal(0, again);
        Assert.Equal([AlertLevel.Reminder, AlertLevel.Yellow, AlertLevel.Red], events.Select(e => e.Level));
        // Reminder at half of the 21 working days counted (the rest of the starting day plus 20), Yellow 1 workday before due.
        Assert.Equal(Calendar.AddWorkingMinutes(ClockHost.Monday, 21 * 480 / 2).Instant, events[0].ThresholdAt);
        Assert.Equal(Calendar.AddWorkingMinutes(ClockHost.Monday, 20 * 480).Instant, events[1].ThresholdAt);
        Assert.Equal(due, events[2].ThresholdAt);
        Assert.True(events[2].IsTimeout);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal([AlertLevel.Reminder, AlertLevel.Yellow, AlertLevel.Red], (await host.ClockAsync(number, ClockKind.Decision)).Fired);
    }

    [Fact]
    public async Task RunDue_ItemWarnings_ReplaceTheDefaults()
    {
        using var host = new ClockHost(ClockItems.All());
        host.SetTime(ClockHost.At(2025, 9, 26, 9));
        var number = await host.AcceptedAsync(ClockItems.WarnedCode); // due 2025-10-10 17:00, 6 × 480 minutes budget

        await host.AdvanceToAsync(ClockHost.At(2025, 10, 20, 9));

        var events = host.Handler.Received.Where(e => e.CaseNumber == number && e.Clock == ClockKind.Decision).ToList();
        Assert.Equal(["w0-reminder", "w1-yellow", "due"], events.Select(e => e.ThresholdId));
        // 2 workdays remaining = Thursday 10-09 and Friday 10-10 left: the last working day before them is 9-30 (National Day off 10-01..10-08).
        Assert.Equal(ClockHost.At(2025, 9, 30, 17), events[0].ThresholdAt);
        // 90% of 2880 minutes used leaves 288: Friday 12:12.
        Assert.Equal(ClockHost.At(2025, 10, 10, 12, 12), events[1].ThresholdAt);
    }

    [Fact]
    public async Task RunDue_AfterRestart_NeverFiresAThresholdTwice()
    {
        using var first = new ClockHost(ClockItems.All());
        var number = await first.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await first.ClockAsync(number, ClockKind.Decision)).DueAt;
        var reminder = Calendar.AddWorkingMinutes(ClockHost.Monday, 21 * 480 / 2).Instant;
        Assert.Equal(1, await first.AdvanceToAsync(reminder));

        using var second = first.Restart();
        var fired = await second.AdvanceToAsync(due);

        Assert.Equal(2, fired);
        Assert.Equal([AlertLevel.Yellow, AlertLevel.Red], second.Handler.Received.Select(e => e.Level));
        Assert.Single(first.Handler.Received);
    }

    [Fact]
    public async Task RunDue_WhileSuspended_DecisionThresholdsWaitAndMoveByThePause()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var reminder = Calendar.AddWorkingMinutes(ClockHost.Monday, 21 * 480 / 2).Instant;
        host.SetTime(ClockHost.At(2025, 9, 23, 9));
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.ExpertReview, "专家评审"));

        var whilePaused = await host.AdvanceToAsync(reminder.AddDays(1));
        host.SetTime(ClockHost.At(2025, 10, 13, 9));
        await host.RunAsync(new Resume(number, "clerk", host.Key(), null));
        var lost = Calendar.WorkingMinutesBetween(ClockHost.At(2025, 9, 23, 9), ClockHost.At(2025, 10, 13, 9));
        var moved = Calendar.AddWorkingMinutes(reminder, lost).Instant;
        var justBefore = await host.AdvanceToAsync(moved.AddMinutes(-1));
        var at = await host.AdvanceToAsync(moved);

        Assert.Equal(0, whilePaused);
        Assert.Equal(0, justBefore);
        Assert.Equal(1, at);
        Assert.Equal(moved, host.Handler.Received.Single().ThresholdAt);
    }

    [Fact]
    public async Task RunDue_ShortStepLimit_SkipsAWarningThatWouldFireAtTheStart()
    {
        var options = new ClockOptions();
        options.DefaultWarnings.Clear();
        options.DefaultWarnings.Add(new WarningThreshold(AlertLevel.Yellow, TimeAmount.Workdays(5), null));
        using var host = new ClockHost(ClockItems.All(), options: options);
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);

        var stepDue = (await host.ClockAsync(number, ClockKind.Step)).DueAt;
        await host.AdvanceToAsync(stepDue);

        // 5 workdays remaining lies before the 3-workday step's start: only its timeout fired.
        Assert.Equal(["due"], host.Handler.Received.Where(e => e.Clock == ClockKind.Step).Select(e => e.ThresholdId));
    }
}
