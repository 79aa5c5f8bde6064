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
    /// <summary>Due cases read for a part of a round; more than this many are left to the round's closing pass.</summary>
    internal const int DueReadLimit = 8192;

    /// <summary>The round loop. Each round moves the clock, files the round's new cases and reads which cases have a
    /// deadline due; then every family (an applicant's case and its subcases) runs its chain — the due case acts, then
    /// the family's due deadlines fire — up to <see cref="SimulationOptions.Concurrency"/> acting families at once, so
    /// firings overlap other cases' actions and the single SQLite writer always has a batch waiting. The round closes with
    /// the outbox (service answers, subcases, notices, deadline events), a deadline pass for anything that fell due during
    /// the round, and the outbox again. A family's order is fixed (actions → its deadlines → outbox), so a seed gives
    /// the same counts whatever the thread timing.
    /// <para>A family depends on nothing but its own cases and the clock, so a family the round does not touch cannot
    /// notice the round's end: the next round's families that the current round does not touch (new cases, runs due
    /// later, deadlines of quiet cases) are posted as soon as the current round's families are, and run at the next
    /// round's instant while the current round's last families and its closing pass leave the drivers idle. The closing
    /// pass sees only the current round's families (their outbox messages and due cases), and the next round's other
    /// families start after it.</para></summary>
    private async Task DriveAsync(IServiceProvider provider, GeneratedCatalogue generated, List<DateOnly> days, SimulationClock clock,
        SimulationCounters counters, LatencyHistogram latency, SimulationSummary summary, IProgress<SimulationProgress>? progress, CancellationToken ct)
    {
        var engine = (CaseEngine)provider.GetRequiredService<ICaseEngine>();
        var scheduler = (DeadlineScheduler)provider.GetRequiredService<IDeadlineScheduler>();
        var store = provider.GetRequiredService<ICaseStore>();
        var calendar = provider.GetRequiredService<WorkingCalendar>();
        using var subscription = scheduler.Subscribe(counters.OnDeadline);
        var driver = new CaseDriver(engine, provider.GetRequiredService<ICaseEvaluations>(), store, counters, latency);
        // The engine's own dispatcher would deliver the next round's messages too (see RoundOutboxStore); the engine runs
        // no outbox worker here, so this is the store's only dispatcher.
        OutboxDispatcher outbox;
        var byKind = generated.Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        var rounds = days.Count * CaseScript.RoundsPerDay;
        var buckets = new List<CaseRun>?[rounds];
        var filed = 0;
        long finished = 0, deadlinesFired = 0;
        var lastRound = 0;
        var drive = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lanes = new FamilyLanes(options.Concurrency, DeadlineScheduler.MaxConcurrentCases, clock, async (work, family, token) =>
        {
            var done = false;
            if (family.Run is { } run)
            {
                if (await driver.RunAsync(run, work.Round, token).ConfigureAwait(false)) work.Later.Enqueue(run);
                else done = true;
            }
            var fired = 0;
            foreach (var caseNumber in family.DueCases) fired += await scheduler.FireDueAsync(caseNumber, work.Now, token).ConfigureAwait(false);
            return (done, fired);
        }, stop.Token);
        RoundWork? next = null;
        var roundOutbox = new RoundOutboxStore(store);
        outbox = new OutboxDispatcher(roundOutbox, engine.Delivery, clock, new OutboxDispatcherOptions { BatchSize = OutboxBatch });
        Task<int> closing = Task.FromResult(0);
        Task<HashSet<long>> unchanged = Task.FromResult(new HashSet<long>());
        try
        {
            for (var r = 0; r < rounds; r++)
            {
                ct.ThrowIfCancellationRequested();
                lastRound = r;
                var day = days[r / CaseScript.RoundsPerDay];
                var now = RoundInstant(calendar, days, r);
                clock.MoveTo(now);
                var work = next ?? new RoundWork(r, now);
                next = null;
                var acting = buckets[r] ?? [];
                buckets[r] = null;
                // The previous round's families that its closing pass leaves as they are (their outbox holds only notices and
                // deadline events, and nothing of theirs is due) go on at once; the others wait for the pass.
                var phase = Stopwatch.GetTimestamp();
                var early = await unchanged.ConfigureAwait(false);
                summary.ClosingTime += Stopwatch.GetElapsedTime(phase);
                if (early.Count > 0)
                {
                    var runs = acting.FindAll(run => early.Contains(run.Script.Index));
                    acting.RemoveAll(run => early.Contains(run.Script.Index));
                    phase = Stopwatch.GetTimestamp();
                    var dueEarly = await DueCases.FindAsync(store, now, DueReadLimit, ct).ConfigureAwait(false);
                    summary.DueReadTime += Stopwatch.GetElapsedTime(phase);
                    foreach (var family in RoundFamily.Plan(runs, [.. dueEarly.Where(d => early.Contains(KeyOf(d)))])) lanes.Post(work, family);
                }
                phase = Stopwatch.GetTimestamp();
                deadlinesFired += await closing.ConfigureAwait(false);
                summary.ClosingTime += Stopwatch.GetElapsedTime(phase);
                filed = FileCases(filed, r, byKind, acting);
                phase = Stopwatch.GetTimestamp();
                var due = await DueCases.FindAsync(store, now, DueReadLimit, ct).ConfigureAwait(false);
                summary.DueReadTime += Stopwatch.GetElapsedTime(phase);
                phase = Stopwatch.GetTimestamp();
                // Families posted before are running: their due cases are theirs.
                foreach (var family in RoundFamily.Plan(acting, [.. due.Where(d => !work.Keys.Contains(KeyOf(d)))])) lanes.Post(work, family);
                work.Seal();
                // The next round's families this round does not touch, unless the run may end with this round.
                if (r + 1 < rounds && (filed < options.Cases || filed - finished > work.Acting))
                    next = await PlanIndependentAsync(r + 1, work.Keys).ConfigureAwait(false);
                await work.Done.ConfigureAwait(false);
                summary.FamiliesTime += Stopwatch.GetElapsedTime(phase);
                finished += work.Finished;
                deadlinesFired += work.Fired;
                foreach (var run in work.Later)
                {
                    if (run.NextRound >= rounds) continue;
                    (buckets[run.NextRound] ??= []).Add(run);
                }
                var release = new TaskCompletionSource<HashSet<long>>(TaskCreationOptions.RunContinuationsAsynchronously);
                unchanged = release.Task;
                closing = CloseAsync(work, release, stop.Token);
                if (r % CaseScript.RoundsPerDay == CaseScript.RoundsPerDay - 1)
                {
                    summary.PeakManagedHeap = Math.Max(summary.PeakManagedHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                    summary.PeakOpenRuns = Math.Max(summary.PeakOpenRuns, filed - finished);
                    progress?.Report(new SimulationProgress(filed, finished, options.Cases, day, counters.Commands));
                }
                if (filed >= options.Cases && finished >= filed) break;
            }
            var last = Stopwatch.GetTimestamp();
            deadlinesFired += await closing.ConfigureAwait(false);
            summary.ClosingTime += Stopwatch.GetElapsedTime(last);
        }
        finally
        {
            // After a failure the lanes stop with what they hold; the workers' own failures are the round's.
            if (next is not null || !closing.IsCompletedSuccessfully) await stop.CancelAsync().ConfigureAwait(false);
            await lanes.CompleteAsync().ConfigureAwait(false);
        }
        summary.DriveTime = drive.Elapsed;
        summary.Filed = filed;
        summary.Finished = finished;
        summary.DeadlinesFired = deadlinesFired;
        summary.FirstDay = days[0];
        summary.LastDay = days[lastRound / CaseScript.RoundsPerDay];
        summary.HolidaysCrossed = CountDaysOff(calendar, summary.FirstDay, summary.LastDay);
        progress?.Report(new SimulationProgress(filed, finished, options.Cases, summary.LastDay, counters.Commands));

        // Round r + 1's families that round r does not touch (keys not in `touched`): runs due then, its new cases, and
        // quiet cases with a deadline due then. Nothing runs on their cases now, so their due read is already final.
        async Task<RoundWork> PlanIndependentAsync(int round, HashSet<long> touched)
        {
            var at = RoundInstant(calendar, days, round);
            var work = new RoundWork(round, at);
            var runs = new List<CaseRun>();
            if (buckets[round] is { } bucket)
            {
                runs.AddRange(bucket.Where(run => !touched.Contains(run.Script.Index)));
                bucket.RemoveAll(run => !touched.Contains(run.Script.Index));
            }
            filed = FileCases(filed, round, byKind, runs);
            var phase = Stopwatch.GetTimestamp();
            var due = await DueCases.FindAsync(store, at, DueReadLimit, ct).ConfigureAwait(false);
            summary.DueReadTime += Stopwatch.GetElapsedTime(phase);
            // A case of an applicant the simulator did not file has no family to tell: it waits for the round's second part.
            foreach (var family in RoundFamily.Plan(runs, [.. due.Where(d => RoundFamily.IndexOf(d.Applicant) is { } k && !touched.Contains(k))]))
                lanes.Post(work, family);
            return work;
        }

        // The round's closing pass, at the round's instant: its outbox (messages committed up to that instant), a deadline
        // pass for anything that fell due during the round, and the outbox again. As soon as the pass's first outbox read
        // shows which families it will change (their messages start subcases, answer services or report outcomes, or a
        // case of theirs is due), the others are released (see RoundClosing). Returns the deadlines fired.
        async Task<int> CloseAsync(RoundWork work, TaskCompletionSource<HashSet<long>> release, CancellationToken token)
        {
            clock.Enter(work.Now);
            var started = Stopwatch.GetTimestamp();
            var changing = work.Keys;
            try
            {
                var pass = new RoundClosing(work);
                pass.DueAtStart(await DueCases.FindAsync(store, work.Now, DueReadLimit, token).ConfigureAwait(false));
                roundOutbox.OnNextRead((pending, full) =>
                {
                    changing = pass.Changed(pending, full);
                    release.TrySetResult(pass.Unchanged(changing));
                });
                await DeliverAsync(work.Now, token).ConfigureAwait(false);
                release.TrySetResult([]);
                var fired = 0;
                var due = await DueCases.FindAsync(store, work.Now, DueReadLimit, token).ConfigureAwait(false);
                foreach (var family in RoundFamily.Plan([], [.. due.Where(d => KeyOf(d) is var k && (k < 0 || changing.Contains(k)))]))
                {
                    foreach (var caseNumber in family.DueCases) fired += await scheduler.FireDueAsync(caseNumber, work.Now, token).ConfigureAwait(false);
                }
                if (fired > 0) await DeliverAsync(work.Now, token).ConfigureAwait(false);
                summary.ClosingPassTime += Stopwatch.GetElapsedTime(started);
                return fired;
            }
            catch (Exception ex)
            {
                release.TrySetException(ex);
                throw;
            }
        }

        async Task DeliverAsync(DateTimeOffset at, CancellationToken token)
        {
            while ((await outbox.RunOnceAsync(at, token).ConfigureAwait(false)).Delivered > 0)
            {
            }
        }
    }

    /// <summary>Files the cases whose submission falls in <paramref name="round"/> (new runs, added to <paramref name="runs"/>).</summary>
    private int FileCases(int filed, int round, Dictionary<ItemKind, GeneratedItem[]> byKind, List<CaseRun> runs)
    {
        while (filed < options.Cases)
        {
            var script = CaseScript.Create(options.Seed, filed, options.Cases, options.WorkingDays, byKind);
            if (script.SubmitRound > round) break;
            runs.Add(new CaseRun(script, script.RunRandom(options.Seed)) { NextRound = round });
            filed++;
        }
        return filed;
    }

    private static DateTimeOffset RoundInstant(WorkingCalendar calendar, List<DateOnly> days, int round) =>
        calendar.AtLocal(days[round / CaseScript.RoundsPerDay], RoundTimes[round % CaseScript.RoundsPerDay]);

    // The family a due case belongs to: its applicant's script index, or -1 for an applicant the simulator did not file.
    private static long KeyOf(DueCase due) => RoundFamily.IndexOf(due.Applicant) ?? -1;

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
