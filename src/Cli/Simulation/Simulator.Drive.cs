using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Outbox;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

internal sealed partial class Simulator
{
    /// <summary>Due cases read before a round; more than this many are left to the round's closing pass.</summary>
    internal const int DueReadLimit = 8192;

    /// <summary>The round loop. Each round moves the clock, files the round's new cases and reads which cases have a
    /// deadline due; then every family (an applicant's case and its subcases) runs its chain — the due case acts, then
    /// the family's due deadlines fire — up to <see cref="SimulationOptions.Concurrency"/> acting families at once, and
    /// families with only deadlines due fire beside them in the scheduler's own lane (<see cref="RoundLanes"/>), so firings
    /// overlap cases' actions and the single SQLite writer always has a batch waiting. Each family then delivers the
    /// outbox messages of its chain that cause a command (subcase starts and outcomes, service calls; <see cref="FamilyOutbox"/>),
    /// still in the parallel part. The round closes with the outbox (notices, deadline events, alerts, and whatever the
    /// families left; the families' deliveries are only marked there; everything with <see cref="SimulationOptions.FamilyOutbox"/>
    /// off), a deadline pass for anything that fell due during the round, and the outbox again. A family's order is fixed
    /// (actions → its deadlines → its outbox), so a seed gives the same counts whatever the thread timing.</summary>
    private async Task DriveAsync(IServiceProvider provider, GeneratedCatalogue generated, List<DateOnly> days, SimulationClock clock,
        SimulationCounters counters, LatencyHistogram latency, SimulationSummary summary, FamilyOutbox? familyOutbox, IProgress<SimulationProgress>? progress,
        CancellationToken ct)
    {
        var engine = provider.GetRequiredService<ICaseEngine>();
        var scheduler = (DeadlineScheduler)provider.GetRequiredService<IDeadlineScheduler>();
        var store = provider.GetRequiredService<ICaseStore>();
        var calendar = provider.GetRequiredService<WorkingCalendar>();
        using var subscription = scheduler.Subscribe(counters.OnDeadline);
        var delivery = ((CaseEngine)engine).Delivery;
        // The closing pass's dispatcher: the engine's, or with the families delivering one whose delivery only takes
        // their messages off the list (the store still marks them, by the seqs its read found). The engine's own
        // dispatcher is never run then (no outbox worker here), so there is one dispatcher on the store.
        var closing = familyOutbox is null
            ? ((CaseEngine)engine).Dispatcher
            : new OutboxDispatcher(store, familyOutbox.Closing(delivery), clock, new OutboxDispatcherOptions { BatchSize = OutboxBatch });
        async Task<int> ProcessOutboxAsync()
        {
            var total = 0;
            while (true)
            {
                var pass = await closing.RunOnceAsync(ct).ConfigureAwait(false);
                total += pass.Delivered;
                if (pass.Delivered == 0) return total;
            }
        }
        var driver = new CaseDriver(engine, provider.GetRequiredService<ICaseEvaluations>(), store, counters, latency);
        var byKind = generated.Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        var rounds = days.Count * CaseScript.RoundsPerDay;
        var buckets = new List<CaseRun>?[rounds];
        var filed = 0;
        long finished = 0, deadlinesFired = 0;
        var lastRound = 0;
        var drive = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            ct.ThrowIfCancellationRequested();
            lastRound = r;
            var day = days[r / CaseScript.RoundsPerDay];
            var now = calendar.AtLocal(day, RoundTimes[r % CaseScript.RoundsPerDay]);
            clock.MoveTo(now);
            var acting = buckets[r] ?? [];
            buckets[r] = null;
            while (filed < options.Cases)
            {
                var script = CaseScript.Create(options.Seed, filed, options.Cases, options.WorkingDays, byKind);
                if (script.SubmitRound > r) break;
                acting.Add(new CaseRun(script, script.RunRandom(options.Seed)) { NextRound = r });
                filed++;
            }
            var phase = Stopwatch.GetTimestamp();
            var due = await DueCases.FindAsync(store, now, DueReadLimit, ct).ConfigureAwait(false);
            summary.DueReadTime += Stopwatch.GetElapsedTime(phase);
            phase = Stopwatch.GetTimestamp();
            var families = RoundFamily.Plan(acting, due);
            due = null;
            var later = new ConcurrentQueue<CaseRun>();
            var mailing = new ConcurrentQueue<Task>();
            async ValueTask FireAsync(RoundFamily family, CancellationToken token)
            {
                foreach (var caseNumber in family.DueCases)
                    Interlocked.Add(ref deadlinesFired, await scheduler.FireDueAsync(caseNumber, now, token).ConfigureAwait(false));
            }
            // A family's chain: its case acts (if due), its deadlines fire, and then (with FamilyOutbox) it delivers the
            // command-causing messages the chain committed, here in the parallel part instead of in the closing pass. The
            // delivery runs outside the lane's limit: the family's slot goes to the next family at once (nothing else
            // touches the family's cases this round), and the round waits for every delivery before its closing pass.
            async ValueTask ActAsync(RoundFamily family, CancellationToken token)
            {
                var mail = familyOutbox?.Open(family.Key);
                if (family.Run is { } run)
                {
                    if (await driver.RunAsync(run, r, token).ConfigureAwait(false)) later.Enqueue(run);
                    else Interlocked.Increment(ref finished);
                }
                await FireAsync(family, token).ConfigureAwait(false);
                if (mail is not null && familyOutbox!.DeliverAsync(mail, delivery, ct) is { IsCompletedSuccessfully: false } delivering)
                    mailing.Enqueue(delivering);
            }
            if (families.Count > 0)
            {
                await RoundLanes.RunAsync(families, options.Concurrency, ActAsync, ActAsync, ct).ConfigureAwait(false);
                await Task.WhenAll(mailing).ConfigureAwait(false);
                foreach (var run in later)
                {
                    if (run.NextRound >= rounds) continue;
                    (buckets[run.NextRound] ??= []).Add(run);
                }
            }
            summary.FamiliesTime += Stopwatch.GetElapsedTime(phase);
            phase = Stopwatch.GetTimestamp();
            summary.ClosingDelivered += await ProcessOutboxAsync().ConfigureAwait(false);
            var fired = await scheduler.RunDueAsync(now, ct).ConfigureAwait(false);
            if (fired > 0)
            {
                deadlinesFired += fired;
                summary.ClosingDelivered += await ProcessOutboxAsync().ConfigureAwait(false);
            }
            summary.ClosingTime += Stopwatch.GetElapsedTime(phase);
            if (r % CaseScript.RoundsPerDay == CaseScript.RoundsPerDay - 1)
            {
                summary.PeakManagedHeap = Math.Max(summary.PeakManagedHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                summary.PeakOpenRuns = Math.Max(summary.PeakOpenRuns, filed - finished);
                progress?.Report(new SimulationProgress(filed, finished, options.Cases, day, counters.Commands));
            }
            if (filed >= options.Cases && finished >= filed) break;
        }
        summary.DriveTime = drive.Elapsed;
        if (familyOutbox is not null)
        {
            summary.FamilyDelivered = familyOutbox.Delivered;
            summary.FamiliesHeld = familyOutbox.Held;
            summary.FamilySkipped = familyOutbox.Skipped;
            summary.FamilyUnmarked = familyOutbox.Unmarked;
        }
        // Nothing may be left: every committed message was delivered, by its family or by a closing pass.
        summary.PendingAtEnd = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, int.MaxValue, ct).ConfigureAwait(false)).Count;
        summary.Filed = filed;
        summary.Finished = finished;
        summary.DeadlinesFired = deadlinesFired;
        summary.FirstDay = days[0];
        summary.LastDay = days[lastRound / CaseScript.RoundsPerDay];
        summary.HolidaysCrossed = CountDaysOff(calendar, summary.FirstDay, summary.LastDay);
        progress?.Report(new SimulationProgress(filed, finished, options.Cases, summary.LastDay, counters.Commands));
    }

    private static int CountDaysOff(WorkingCalendar calendar, DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (!calendar.IsWorkingDay(d) && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        }
        return n;
    }
}
