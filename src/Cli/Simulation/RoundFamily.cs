using System.Globalization;
using OneStop.Definitions;
using OneStop.Engine.Scheduling;

namespace OneStop.Cli.Simulation;

/// <summary>One simulated applicant's share of a round: the case run that acts (if it is due) and the cases of the
/// family (the case and its subcases, which inherit the applicant) whose deadlines fall due in the round. A family's
/// work runs in one chain — actions first, then its deadlines — so its order never depends on thread timing, while
/// different families run at the same time and share the store's group commits.</summary>
internal sealed class RoundFamily(long key)
{
    private const string ApplicantPrefix = "申请人";

    /// <summary>The script index of the applicant (or a negative key for a case the simulator did not file).</summary>
    public long Key { get; } = key;

    /// <summary>The run that acts this round, if any.</summary>
    public CaseRun? Run { get; set; }

    /// <summary>Case numbers of the family with a deadline due this round (known before the round starts).</summary>
    public List<string> DueCases { get; } = [];

    /// <summary>The round's expected work in thirds of a commit: the acting case's actions due now (a submit or
    /// resubmit is followed by a same-round acceptance one time in three, an immediate item's always; a delivery by the
    /// rating seven times in ten; a case waiting for a subcase acts on the child half the time) plus one commit per due
    /// deadline. Only an estimate for ordering (the delays are drawn as the actions run).</summary>
    public int Weight => 3 * DueCases.Count + (Run is null ? 0 : Run.Phase switch
    {
        CasePhase.Submit => Run.Script.Item.Kind == ItemKind.Immediate && !Run.Script.Correction ? 6 : 4,
        CasePhase.Resubmit => 4,
        CasePhase.Deliver => 5,
        CasePhase.Evaluate => 2,
        CasePhase.Work when Run.OpenTasks.Count == 0 && !Run.Suspended => Run.Script.Item.HasSubcase ? 2 : 0,
        _ => 3,
    });

    /// <summary>Groups the round's acting runs and due cases by applicant, in a fixed order (by script index).</summary>
    public static List<RoundFamily> Plan(IReadOnlyList<CaseRun> acting, IReadOnlyList<DueCase> due)
    {
        var families = new Dictionary<long, RoundFamily>(acting.Count + due.Count);
        foreach (var run in acting) families[run.Script.Index] = new RoundFamily(run.Script.Index) { Run = run };
        long foreign = 0;
        foreach (var record in due)
        {
            var key = IndexOf(record.Applicant) ?? --foreign;
            if (!families.TryGetValue(key, out var family)) families.Add(key, family = new RoundFamily(key));
            family.DueCases.Add(record.CaseNumber);
        }
        var plan = families.Values.ToList();
        plan.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return plan;
    }

    /// <summary>The script index in a simulated applicant's name (<c>申请人0000042</c> → 42), or null.</summary>
    public static long? IndexOf(string? applicant) =>
        applicant is not null && applicant.StartsWith(ApplicantPrefix, StringComparison.Ordinal)
        && long.TryParse(applicant.AsSpan(ApplicantPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
}
