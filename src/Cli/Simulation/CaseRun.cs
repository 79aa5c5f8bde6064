using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>The driver's state for one case while the simulation runs. Touched by one driver at a time.</summary>
internal sealed class CaseRun(CaseScript script, SimRandom random)
{
    /// <summary>The plan.</summary>
    public CaseScript Script { get; } = script;

    /// <summary>Delays and late steps are drawn from this.</summary>
    public SimRandom Random = random;

    /// <summary>The case number once filed.</summary>
    public string? Number { get; set; }

    /// <summary>Applicant name, unique per case (a subcase inherits it, which is how the driver finds the child).</summary>
    public string Applicant => "申请人" + Script.Index.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where the driver is.</summary>
    public CasePhase Phase { get; set; } = CasePhase.Submit;

    /// <summary>The case's state after the last command.</summary>
    public CaseState State { get; set; }

    /// <summary>The decision, once made.</summary>
    public CaseOutcome? Outcome { get; set; }

    /// <summary>Open task ids after the last command.</summary>
    public IReadOnlyList<string> OpenTasks { get; set; } = [];

    /// <summary>The round of the next action.</summary>
    public int NextRound { get; set; }

    /// <summary>Actions taken (for idempotency keys and the withdrawal point).</summary>
    public int Actions { get; set; }

    /// <summary>Task approvals and denials so far.</summary>
    public int TaskActions { get; set; }

    /// <summary>Whether the return, the suspension and the resume happened.</summary>
    public bool Returned { get; set; }

    /// <summary>Suspended and waiting for the resume.</summary>
    public bool Suspended { get; set; }

    /// <summary>The suspension was done (only once).</summary>
    public bool SuspensionDone { get; set; }

    /// <summary>Consecutive rounds spent waiting for a service or subcase answer.</summary>
    public int Waits { get; set; }

    /// <summary>The next idempotency key.</summary>
    public string Key() => "sim:" + Script.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + (Actions++).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
