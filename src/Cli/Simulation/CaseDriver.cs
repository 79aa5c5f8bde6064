using System.Diagnostics;
using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>Plays one case's script against the engine, one action per call, as window staff, reviewers and the
/// applicant would. Every command is timed. An action the engine refuses (the clock got there first: Art.32
/// acceptance, a timeout) makes the driver re-read the case and carry on from its real state.</summary>
internal sealed partial class CaseDriver(
    ICaseEngine engine, ICaseEvaluations evaluations, ICaseStore store, SimulationCounters counters, LatencyHistogram latency)
{
    private const int MaxWaits = 80;

    /// <summary>The subcases filed so far by applicant (the simulator registers it with the engine); without it the driver
    /// searches the store for a waiting case's children.</summary>
    public SubcaseIndex? Subcases { get; init; }

    /// <summary>Runs the case's actions due at <paramref name="round"/>; returns false once the case needs nothing more.</summary>
    public async Task<bool> RunAsync(CaseRun run, int round, CancellationToken cancellationToken)
    {
        while (run.Phase != CasePhase.Done && run.NextRound <= round)
        {
            try
            {
                await StepAsync(run, round, cancellationToken).ConfigureAwait(false);
            }
            catch (OneStopException ex) when (ex is IllegalActionException or InvalidCommandException or EvaluationNotAllowedException)
            {
                counters.RefusedCommand();
                await ResyncAsync(run, cancellationToken).ConfigureAwait(false);
                if (run.NextRound <= round) run.NextRound = round + 1;
            }
        }
        if (run.Phase == CasePhase.Done) Subcases?.Forget(run.Applicant);
        return run.Phase != CasePhase.Done;
    }

    private async Task StepAsync(CaseRun run, int round, CancellationToken ct)
    {
        var s = run.Script;
        if (run.Phase is CasePhase.Notice or CasePhase.Resubmit or CasePhase.Accept or CasePhase.Work
            && s.Withdrawal && run.Actions == s.WithdrawAfter && run.State is not (CaseState.Decided or CaseState.Concluded))
        {
            await ExecuteAsync(run, new Withdraw(run.Number!, run.Applicant, run.Key(), "申请人主动撤回"), ct).ConfigureAwait(false);
            counters.Withdrawal();
            run.Phase = CasePhase.Done;
            return;
        }
        switch (run.Phase)
        {
            case CasePhase.Submit:
                await SubmitAsync(run, ct).ConfigureAwait(false);
                run.Phase = s.Correction ? CasePhase.Notice : CasePhase.Accept;
                // Immediate items are accepted on the spot; others within the day.
                run.NextRound = round + (s.Correction
                    ? (s.LateNotice ? 6 * CaseScript.RoundsPerDay : run.Random.Between(0, 2))
                    : (s.Item.Kind == ItemKind.Immediate ? 0 : run.Random.Between(0, 2)));
                return;
            case CasePhase.Notice:
                await ExecuteAsync(run, new RequestCorrection(run.Number!, Window(s), run.Key(),
                    [new CorrectionItem("id-card", "缺少申请人身份证明"), new CorrectionItem("application", "申请书未签字")]), ct).ConfigureAwait(false);
                counters.Correction();
                run.Phase = CasePhase.Resubmit;
                run.NextRound = round + run.Random.Between(2, 8);
                return;
            case CasePhase.Resubmit:
                await ExecuteAsync(run, new Resubmit(run.Number!, run.Applicant, run.Key(),
                    s.Amount > 100 ? ["id-card", "application", "big-plan"] : ["id-card", "application"]), ct).ConfigureAwait(false);
                run.Phase = CasePhase.Accept;
                run.NextRound = round + run.Random.Between(0, 2);
                return;
            case CasePhase.Accept:
                await ExecuteAsync(run, new Accept(run.Number!, Window(s), run.Key()), ct).ConfigureAwait(false);
                AfterCommand(run, round, run.Random.Between(1, 3));
                return;
            case CasePhase.Work:
                await WorkAsync(run, round, ct).ConfigureAwait(false);
                return;
            case CasePhase.Deliver:
                await ExecuteAsync(run, new Deliver(run.Number!, Window(s), run.Key(), "窗口领取",
                    run.Outcome == CaseOutcome.Denied ? null : "SIM" + s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct).ConfigureAwait(false);
                counters.Delivery();
                AfterCommand(run, round, 0);
                return;
            case CasePhase.Evaluate:
                if (s.Rating > 0)
                {
                    var channel = (EvaluationChannel)(s.Index % 4);
                    await TimedAsync(() => evaluations.EvaluateAsync(new Evaluate(run.Number!, run.Applicant, run.Key(), s.Rating, channel,
                        s.Rating <= 2 ? "等待时间太长" : null), ct)).ConfigureAwait(false);
                    counters.Evaluation(s.Rating);
                }
                run.Phase = CasePhase.Done;
                return;
        }
    }

    private async Task SubmitAsync(CaseRun run, CancellationToken ct)
    {
        var s = run.Script;
        var amount = s.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A case due for a correction notice arrives without its identity proof.
        IReadOnlyList<string> materials = s.Correction ? ["application"] : s.Amount > 100 ? ["application", "id-card", "big-plan"] : ["application", "id-card"];
        var result = await TimedAsync(() => engine.SubmitAsync(new SubmitCase(s.Item.Code, run.Applicant, run.Applicant, run.Key())
        {
            Form = new Dictionary<string, string>(StringComparer.Ordinal) { ["amount"] = amount, ["urgent"] = s.Index % 7 == 0 ? "true" : "false" },
            Materials = materials,
        }, ct).AsTask()).ConfigureAwait(false);
        run.Number = result.CaseNumber;
        run.State = result.State;
        counters.FiledCase(s.Item.Kind);
    }

    private static string Window(CaseScript s) => "窗口-" + s.Item.Department.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Staff(CaseScript s) => "经办-" + s.Item.Department.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Moves the phase on from the state the last command left, and schedules the next action.</summary>
    private void AfterCommand(CaseRun run, int round, int delay)
    {
        run.Phase = run.State switch
        {
            CaseState.Decided => CasePhase.Deliver,
            CaseState.Concluded or CaseState.Rejected => CasePhase.Evaluate,
            CaseState.Withdrawn or CaseState.Terminated => CasePhase.Done,
            CaseState.Submitted => CasePhase.Accept,
            CaseState.Correcting => CasePhase.Resubmit,
            _ => CasePhase.Work,
        };
        if (run.Phase == CasePhase.Deliver)
        {
            // Delivery within a couple of days; now and then after the 10-workday limit.
            delay = run.Random.Chance(0.03) ? 11 * CaseScript.RoundsPerDay : run.Random.Between(1, 8);
        }
        run.NextRound = round + delay;
    }

    private async Task<CommandResult> ExecuteAsync(CaseRun run, CaseCommand command, CancellationToken ct)
    {
        var result = await TimedAsync(() => engine.ExecuteAsync(command, ct).AsTask()).ConfigureAwait(false);
        run.State = result.State;
        run.Outcome = result.Outcome;
        run.OpenTasks = result.OpenTaskIds;
        return result;
    }

    private async Task<CommandResult> TimedAsync(Func<Task<CommandResult>> command)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await command().ConfigureAwait(false);
        latency.Record(Stopwatch.GetTimestamp() - started);
        counters.Command();
        return result;
    }
}
