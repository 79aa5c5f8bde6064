using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

internal sealed partial class CaseDriver
{
    /// <summary>One piece of work on an accepted case: the resume after a special procedure, a task action, or a look
    /// at a case that waits for a service answer or a subcase.</summary>
    private async Task WorkAsync(CaseRun run, int round, CancellationToken ct)
    {
        var s = run.Script;
        if (run.Suspended)
        {
            await ExecuteAsync(run, new Resume(run.Number!, Staff(s), run.Key(), "现场核查完毕"), ct).ConfigureAwait(false);
            run.Suspended = false;
            AfterCommand(run, round, run.Random.Between(1, 3));
            return;
        }
        if (run.State != CaseState.InProgress)
        {
            AfterCommand(run, round, 1);
            return;
        }
        if (run.OpenTasks.Count == 0 && s.Item.Kind == ItemKind.Immediate)
        {
            // Deemed accepted (Art.32) after a late correction notice: the window decides what it did not accept in time.
            await ExecuteAsync(run, new Decide(run.Number!, Window(s), run.Key(), CaseOutcome.Approved), ct).ConfigureAwait(false);
            AfterCommand(run, round, 1);
            return;
        }
        if (run.OpenTasks.Count == 0)
        {
            await WaitAsync(run, round, ct).ConfigureAwait(false);
            return;
        }
        run.Waits = 0;
        var task = run.OpenTasks[0];
        // Every flow starts intake → review, so the second task action is the review: the place for the script's
        // suspension (现场核查), return to intake, or denial.
        if (run.TaskActions == 1 && s.Suspension && !run.SuspensionDone)
        {
            await ExecuteAsync(run, new Suspend(run.Number!, Staff(s), run.Key(), SpecialProcedureKind.Inspection, "需现场核查经营场所"), ct).ConfigureAwait(false);
            counters.Suspension();
            run.SuspensionDone = true;
            run.Suspended = true;
            // The procedure's budget is 5 workdays; a quarter of them overrun it.
            run.NextRound = round + (run.Random.Chance(0.25) ? run.Random.Between(6, 8) : run.Random.Between(1, 4)) * CaseScript.RoundsPerDay;
            return;
        }
        if (run.TaskActions == 1 && s.Return && !run.Returned)
        {
            await ExecuteAsync(run, new ReturnTask(run.Number!, Staff(s), run.Key(), task, "intake", "材料与原件不一致，退回窗口核对"), ct).ConfigureAwait(false);
            counters.Return();
            run.Returned = true;
            run.TaskActions++;
            AfterCommand(run, round, TaskDelay(run));
            return;
        }
        if (run.TaskActions == 1 && s.Denial)
        {
            await ExecuteAsync(run, new DenyTask(run.Number!, Staff(s), run.Key(), task, "不符合法定条件"), ct).ConfigureAwait(false);
            counters.Denial();
        }
        else
        {
            await ExecuteAsync(run, new ApproveTask(run.Number!, Staff(s), run.Key(), task, "同意"), ct).ConfigureAwait(false);
        }
        run.TaskActions++;
        // With no open task the flow waits on a service or a subcase: look again next round, not after a human delay.
        AfterCommand(run, round, run.OpenTasks.Count == 0 ? 1 : TaskDelay(run));
    }

    /// <summary>Rounds until the next task action: mostly within a day and a half; 7 % sit 3–6 working days, past
    /// their step's limit, so warnings, timeouts and alerts fire.</summary>
    private int TaskDelay(CaseRun run)
    {
        if (run.Random.Chance(0.07))
        {
            counters.LateAction();
            return run.Random.Between(3, 6) * CaseScript.RoundsPerDay + run.Random.Between(0, 3);
        }
        return run.Random.Between(1, 6);
    }

    /// <summary>The flow waits for a service answer or a subcase: accept the child (an immediate item, so acceptance
    /// concludes it) and look again after the outbox has run.</summary>
    private async Task WaitAsync(CaseRun run, int round, CancellationToken ct)
    {
        if (++run.Waits > MaxWaits)
        {
            counters.StuckCase(run.Number!);
            run.Phase = CasePhase.Done;
            return;
        }
        if (run.Script.Item.HasSubcase)
        {
            // The child inherits the applicant. It is normally still submitted; if it sat past the 5-workday
            // correction-notice limit it was deemed accepted (Art.32) and waits, without tasks, for the window to decide.
            if (Subcases is { } index && engine is CaseEngine)
            {
                counters.SubcaseLook(fromIndex: true);
                // The children from their filing commits, each read from the engine's cache: the same cases, states and
                // order as the store's search by applicant, without its page of snapshots and its wait for the fsync.
                foreach (var number in index.ChildrenOf(run.Applicant))
                {
                    if (number == run.Number || await ReadAsync(number, ct).ConfigureAwait(false) is not { } child) continue;
                    await ActOnChildAsync(run, number, child.State, child.Kind == ItemKind.Immediate, child, ct).ConfigureAwait(false);
                }
            }
            else
            {
                counters.SubcaseLook(fromIndex: false);
                var children = await store.SearchCasesAsync(new CaseQuery(Applicant: run.Applicant), ct).ConfigureAwait(false);
                foreach (var child in children.Items)
                {
                    if (child.CaseNumber == run.Number) continue;
                    if (Enum.TryParse<CaseState>(child.State, out var state) && state is CaseState.Submitted or CaseState.InProgress)
                        await ActOnChildAsync(run, child.CaseNumber, state, child.Kind == nameof(ItemKind.Immediate), null, ct).ConfigureAwait(false);
                }
            }
        }
        await ResyncAsync(run, ct).ConfigureAwait(false);
        if (run.Phase == CasePhase.Work && run.OpenTasks.Count == 0) run.NextRound = round + 1;
        else if (run.NextRound <= round) run.NextRound = round + 1;
    }

    /// <summary>Moves a waiting case's child on: accepts a submitted one; decides and delivers an immediate one deemed
    /// accepted (no tasks), and approves its open tasks. <paramref name="look"/> is the child as already read, if it was.</summary>
    private async Task ActOnChildAsync(CaseRun run, string child, CaseState state, bool immediate, CaseLook? look, CancellationToken ct)
    {
        if (state == CaseState.Submitted)
        {
            var result = await TimedAsync(() => engine.ExecuteAsync(new Accept(child, Window(run.Script), run.Key()), ct).AsTask()).ConfigureAwait(false);
            if (result.State == CaseState.Concluded) counters.SubcaseAccepted();
        }
        else if (state == CaseState.InProgress && (look ?? await ReadAsync(child, ct).ConfigureAwait(false)) is { } view)
        {
            if (view.OpenTasks.Count == 0 && immediate)
            {
                await TimedAsync(() => engine.ExecuteAsync(new Decide(child, Window(run.Script), run.Key(), CaseOutcome.Approved), ct).AsTask()).ConfigureAwait(false);
                await TimedAsync(() => engine.ExecuteAsync(new Deliver(child, Window(run.Script), run.Key(), "窗口领取"), ct).AsTask()).ConfigureAwait(false);
            }
            foreach (var t in view.OpenTasks)
                await TimedAsync(() => engine.ExecuteAsync(new ApproveTask(child, Window(run.Script), run.Key(), t, "同意"), ct).AsTask()).ConfigureAwait(false);
        }
    }

    /// <summary>What the driver reads of a case: its state, outcome and open task ids, or null for an unknown case. From
    /// the engine's snapshot cache when the engine is this process's own: <see cref="ICaseEngine.GetCaseAsync"/> also reads
    /// the full row with its snapshot and every event, and builds a timeline and clock views the driver never looks at
    /// (that was ≈ 8 % of the pool threads' CPU, session 14). The answer is the same case at the same version.</summary>
    private async Task<CaseLook?> ReadAsync(string caseNumber, CancellationToken ct)
    {
        if (engine is CaseEngine own)
        {
            try
            {
                var (s, _, _) = await own.LoadAsync(caseNumber, ct).ConfigureAwait(false);
                var tasks = new string[s.Tasks.Count];
                for (var i = 0; i < tasks.Length; i++) tasks[i] = s.Tasks[i].Id;
                return new CaseLook(s.State, s.Outcome, tasks, s.Kind);
            }
            catch (CaseNotFoundException)
            {
                return null;
            }
        }
        return await engine.GetCaseAsync(caseNumber, ct).ConfigureAwait(false) is { } view
            ? new CaseLook(view.State, view.Outcome, [.. view.OpenTasks.Select(t => t.TaskId)])
            : null;
    }

    /// <summary>Re-reads the case and continues from its real state.</summary>
    private async Task ResyncAsync(CaseRun run, CancellationToken ct)
    {
        counters.Resync();
        if (run.Number is null) return;
        var view = await ReadAsync(run.Number, ct).ConfigureAwait(false);
        if (view is null) return;
        run.State = view.State;
        run.Outcome = view.Outcome;
        run.OpenTasks = view.OpenTasks;
        run.Suspended = view.State == CaseState.Suspended;
        if (run.Phase == CasePhase.Evaluate && view.State is CaseState.Concluded or CaseState.Rejected)
        {
            // The rating was refused (already given): nothing more to do.
            run.Phase = CasePhase.Done;
            return;
        }
        run.Phase = view.State switch
        {
            CaseState.Submitted => CasePhase.Accept,
            CaseState.Correcting => CasePhase.Resubmit,
            CaseState.InProgress or CaseState.Suspended => CasePhase.Work,
            CaseState.Decided => CasePhase.Deliver,
            CaseState.Concluded or CaseState.Rejected => CasePhase.Evaluate,
            _ => CasePhase.Done,
        };
    }
}
