using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

internal sealed partial class Simulator
{
    /// <summary>The round loop: move the clock, file the round's new cases, let every due case act (up to
    /// <see cref="SimulationOptions.Concurrency"/> at once), deliver the outbox (service answers, subcases, notices),
    /// fire the deadlines that fell due and deliver their events.</summary>
    private async Task DriveAsync(IServiceProvider provider, GeneratedCatalogue generated, List<DateOnly> days, SimulationClock clock,
        SimulationCounters counters, LatencyHistogram latency, SimulationSummary summary, IProgress<SimulationProgress>? progress, CancellationToken ct)
    {
        var engine = provider.GetRequiredService<ICaseEngine>();
        var scheduler = provider.GetRequiredService<IDeadlineScheduler>();
        var calendar = provider.GetRequiredService<WorkingCalendar>();
        using var subscription = scheduler.Subscribe(counters.OnDeadline);
        var driver = new CaseDriver(engine, provider.GetRequiredService<ICaseEvaluations>(), provider.GetRequiredService<ICaseStore>(), counters, latency);
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
            var due = buckets[r] ?? [];
            buckets[r] = null;
            while (filed < options.Cases)
            {
                var script = CaseScript.Create(options.Seed, filed, options.Cases, options.WorkingDays, byKind);
                if (script.SubmitRound > r) break;
                due.Add(new CaseRun(script, script.RunRandom(options.Seed)) { NextRound = r });
                filed++;
            }
            if (due.Count > 0)
            {
                // Same order every run, so a seed reproduces the run whatever the thread timing.
                due.Sort(static (a, b) => a.Script.Index.CompareTo(b.Script.Index));
                var later = new ConcurrentQueue<CaseRun>();
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
                    async (run, token) =>
                    {
                        if (await driver.RunAsync(run, r, token).ConfigureAwait(false)) later.Enqueue(run);
                        else Interlocked.Increment(ref finished);
                    }).ConfigureAwait(false);
                foreach (var run in later)
                {
                    if (run.NextRound >= rounds) continue;
                    (buckets[run.NextRound] ??= []).Add(run);
                }
            }
            await engine.ProcessOutboxAsync(ct).ConfigureAwait(false);
            var fired = await scheduler.RunDueAsync(now, ct).ConfigureAwait(false);
            if (fired > 0)
            {
                deadlinesFired += fired;
                await engine.ProcessOutboxAsync(ct).ConfigureAwait(false);
            }
            if (r % CaseScript.RoundsPerDay == CaseScript.RoundsPerDay - 1)
            {
                summary.PeakManagedHeap = Math.Max(summary.PeakManagedHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
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
