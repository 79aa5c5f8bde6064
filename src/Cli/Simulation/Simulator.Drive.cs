using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
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
    /// overlap cases' actions and the single SQLite writer always has a batch waiting. The round closes with the
    /// outbox (service answers, subcases, notices, deadline events), a deadline pass for anything that fell due during
    /// the round, and the outbox again. A family's order is fixed (actions → its deadlines → outbox), so a seed gives
    /// the same counts whatever the thread timing.</summary>
    private async Task DriveAsync(IServiceProvider provider, GeneratedCatalogue generated, List<DateOnly> days, SimulationClock clock,
        SimulationCounters counters, LatencyHistogram latency, SimulationSummary summary, IProgress<SimulationProgress>? progress, CancellationToken ct)
    {
        var engine = provider.GetRequiredService<ICaseEngine>();
        var scheduler = (DeadlineScheduler)provider.GetRequiredService<IDeadlineScheduler>();
        var store = provider.GetRequiredService<ICaseStore>();
        var calendar = provider.GetRequiredService<WorkingCalendar>();
        using var subscription = scheduler.Subscribe(counters.OnDeadline);
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
            async ValueTask FireAsync(RoundFamily family, CancellationToken token)
            {
                foreach (var caseNumber in family.DueCases)
                    Interlocked.Add(ref deadlinesFired, await scheduler.FireDueAsync(caseNumber, now, token).ConfigureAwait(false));
            }
            if (families.Count > 0)
            {
                var later = new ConcurrentQueue<CaseRun>();
                await RoundLanes.RunAsync(families, options.Concurrency,
                    async (family, token) =>
                    {
                        if (await driver.RunAsync(family.Run!, r, token).ConfigureAwait(false)) later.Enqueue(family.Run!);
                        else Interlocked.Increment(ref finished);
                        await FireAsync(family, token).ConfigureAwait(false);
                    },
                    FireAsync, ct).ConfigureAwait(false);
                foreach (var run in later)
                {
                    if (run.NextRound >= rounds) continue;
                    (buckets[run.NextRound] ??= []).Add(run);
                }
            }
            summary.FamiliesTime += Stopwatch.GetElapsedTime(phase);
            phase = Stopwatch.GetTimestamp();
            await engine.ProcessOutboxAsync(ct).ConfigureAwait(false);
            var fired = await scheduler.RunDueAsync(now, ct).ConfigureAwait(false);
            if (fired > 0)
            {
                deadlinesFired += fired;
                await engine.ProcessOutboxAsync(ct).ConfigureAwait(false);
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
