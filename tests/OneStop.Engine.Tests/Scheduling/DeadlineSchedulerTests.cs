using System.Threading.Channels;
using OneStop.Definitions;
using OneStop.Engine.Tests.Clocks;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Scheduling;

public sealed class DeadlineSchedulerTests
{
    // Generous: only a lost wake-up (a real bug) should ever reach it, not a loaded machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunDue_AfterDowntime_FiresMissedDeadlinesOnceInDueOrderPerCase()
    {
        var first = new ClockHost(ClockItems.All());
        var numbers = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            first.SetTime(ClockHost.Monday.AddHours(k * 2));
            numbers.Add(await first.AcceptedAsync(ClockItems.LimitsCode));
        }
        first.Dispose();

        // Stopped for a month; then a new process over the same store.
        first.Clock.SetUtcNow(ClockHost.At(2025, 11, 28, 9));
        using var second = first.Restart();
        var fired = await second.TickAsync();
        var events = second.Handler.Received;

        Assert.Equal(fired, events.Count);
        Assert.True(fired >= 4 * 4, $"fired {fired}");
        // Different cases fire concurrently; each case's thresholds fire in due order.
        foreach (var n in numbers)
        {
            var own = events.Where(e => e.CaseNumber == n).ToList();
            Assert.Equal(own.OrderBy(e => e.ThresholdAt).ThenBy(e => e.Level).Select(e => e.EventId), own.Select(e => e.EventId));
        }
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.All(numbers, n => Assert.Contains(events, e => e.CaseNumber == n && e.Clock == ClockKind.Decision && e.IsTimeout));
        Assert.Equal(0, await second.TickAsync());
        using var third = second.Restart();
        Assert.Equal(0, await third.TickAsync());
    }

    [Fact]
    public async Task FireDue_OneCaseOfTwoDue_FiresOnlyThatCaseInDueOrder()
    {
        using var host = new ClockHost(ClockItems.All());
        var mine = await host.AcceptedAsync(SomeItems.SimpleCode);
        var other = await host.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await host.ClockAsync(mine, ClockKind.Decision)).DueAt;
        host.Clock.SetUtcNow(due);

        var fired = await host.Scheduler.FireDueAsync(mine, due, CancellationToken.None);
        await host.Engine.ProcessOutboxAsync();

        var events = host.Handler.Received;
        Assert.True(fired > 0, "nothing fired");
        Assert.Equal(fired, events.Count);
        Assert.All(events, e => Assert.Equal(mine, e.CaseNumber));
        Assert.Equal(events.OrderBy(e => e.ThresholdAt).ThenBy(e => e.Level).Select(e => e.EventId), events.Select(e => e.EventId));
        Assert.Contains(events, e => e.IsTimeout);
        // Nothing of the first case is left; the other case is still due and a pass fires it alone.
        Assert.Equal(0, await host.Scheduler.FireDueAsync(mine, due, CancellationToken.None));
        Assert.Equal(fired, await host.TickAsync());
        Assert.All(host.Handler.Received.Skip(fired), e => Assert.Equal(other, e.CaseNumber));
    }

    [Fact]
    public async Task Deliver_CrashBetweenCommitAndDelivery_DeliversOnRestartWithTheSameEventId()
    {
        var first = new ClockHost(ClockItems.All());
        var number = await first.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await first.ClockAsync(number, ClockKind.Decision)).DueAt;
        first.Clock.SetUtcNow(due);
        var fired = await first.Scheduler.RunDueAsync(due);
        first.Dispose(); // crash: committed, never delivered

        using var second = first.Restart();
        await second.Engine.ProcessOutboxAsync();

        Assert.Equal(3, fired);
        Assert.Empty(first.Handler.Received);
        var events = second.Handler.Received;
        Assert.Equal(3, events.Count);
        var red = events.Single(e => e.IsTimeout);
        Assert.Equal($"deadline:{number}:{red.ClockId}:due", red.EventId);
    }

    [Fact]
    public async Task Deliver_HandlerFailsOnce_RedeliversToEveryHandlerWithTheSameEventId()
    {
        using var host = new ClockHost(ClockItems.All());
        var failing = new RecordingDeadlines { FailuresLeft = 1 };
        using var subscription = host.Scheduler.Subscribe(failing);
        var number = await host.AcceptedAsync(ClockItems.WarnedCode);
        var dueAt = (await host.ViewAsync(number)).Clocks.Single(c => c.Kind == ClockKind.Decision).DueAt;

        await host.AdvanceToAsync(dueAt);
        host.Clock.Advance(TimeSpan.FromHours(1)); // past the outbox backoff
        await host.Engine.ProcessOutboxAsync();

        var first = host.Handler.Received.First();
        Assert.True(host.Handler.Received.Count(e => e.EventId == first.EventId) == 2, "the healthy handler sees the redelivery");
        Assert.Equal(host.Handler.Received.Select(e => e.EventId).Distinct(), failing.Received.Select(e => e.EventId));
    }

    [Fact]
    public async Task Subscribe_Disposed_StopsReceiving()
    {
        using var host = new ClockHost(ClockItems.All());
        var seen = new List<string>();
        var subscription = host.Scheduler.Subscribe((e, _) =>
        {
            seen.Add(e.EventId);
            return ValueTask.CompletedTask;
        });
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;
        var reminder = ClockHost.Calendar.AddWorkingMinutes(ClockHost.Monday, 21 * 480 / 2).Instant;

        await host.AdvanceToAsync(reminder);
        subscription.Dispose();
        await host.AdvanceToAsync(due);

        Assert.Single(seen);
        Assert.Equal(3, host.Handler.Received.Count);
    }

    [Fact]
    public async Task RunDue_TwoNodesAtOnce_FireEachDeadlineOnce()
    {
        using var a = new ClockHost(ClockItems.All());
        for (var k = 0; k < 20; k++) await a.AcceptedAsync(SomeItems.SimpleCode);
        using var b = new ClockHost(a.Catalogue, a.Store, a.Clock, a.Options);
        a.Clock.SetUtcNow(ClockHost.At(2025, 12, 1, 9));

        var counts = await Task.WhenAll(
            Task.Run(() => a.Scheduler.RunDueAsync(a.Clock.GetUtcNow())),
            Task.Run(() => b.Scheduler.RunDueAsync(b.Clock.GetUtcNow())));
        await a.Engine.ProcessOutboxAsync();

        Assert.Equal(20 * 3, counts.Sum());
        Assert.Equal(20 * 3, a.Handler.Received.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(20 * 3, a.Handler.Received.Count);
    }

    [Fact]
    public async Task RunAsync_NewlyEarlierDeadline_WakesTheWorkerWhichFiresItOnTime()
    {
        using var host = new ClockHost(ClockItems.All());
        var sleeps = Channel.CreateUnbounded<DateTimeOffset?>();
        var passes = Channel.CreateUnbounded<int>();
        host.Scheduler.Sleeping = until => sleeps.Writer.TryWrite(until);
        host.Scheduler.PassCompleted = n => passes.Writer.TryWrite(n);
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => host.Scheduler.RunAsync(stop.Token));

        Assert.Null(await sleeps.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        var slow = await host.AcceptedAsync(SomeItems.SimpleCode);
        var slowNext = (await host.Store.GetCaseAsync(slow))!.EarliestDue;
        Assert.Equal(slowNext, await NextSleepAsync(sleeps, slowNext, host.Clock));

        // A step with a 3-workday limit warns much earlier: the sleeping worker must wake and re-plan.
        var fast = await host.AcceptedAsync(ClockItems.LimitsCode);
        var fastNext = (await host.Store.GetCaseAsync(fast))!.EarliestDue!.Value;
        Assert.True(fastNext < slowNext);
        Assert.Equal(fastNext, await NextSleepAsync(sleeps, fastNext, host.Clock));

        host.Clock.SetUtcNow(fastNext);
        var fired = 0;
        while (fired == 0) fired = await passes.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await host.Engine.ProcessOutboxAsync();

        Assert.Equal(1, fired);
        var e = Assert.Single(host.Handler.Received);
        Assert.Equal(fast, e.CaseNumber);
        Assert.Equal(fastNext, e.ThresholdAt);
        Assert.Equal(fastNext, e.FiredAt);
        await stop.CancelAsync();
        await worker.WaitAsync(Patience);
    }

    private static async Task<DateTimeOffset?> NextSleepAsync(Channel<DateTimeOffset?> sleeps, DateTimeOffset? expected, FakeTimeProvider clock)
    {
        while (true)
        {
            var until = await sleeps.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            if (until == expected) return until;
            // The worker may have planned for the submitted case's earlier acceptance limit before the acceptance moved
            // the case's due instant later; a later instant does not wake it (by design), so let the planned one come:
            // it wakes, finds nothing due and plans again.
            if (until is { } u && expected is { } e && u < e && u > clock.GetUtcNow()) clock.SetUtcNow(u);
        }
    }
}
