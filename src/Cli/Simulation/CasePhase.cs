namespace OneStop.Cli.Simulation;

/// <summary>Where a simulated case's driver is.</summary>
internal enum CasePhase
{
    /// <summary>Not filed yet.</summary>
    Submit,
    /// <summary>Filed with a material missing; the window sends the correction notice.</summary>
    Notice,
    /// <summary>The applicant hands in the missing material.</summary>
    Resubmit,
    /// <summary>The window accepts (an immediate item is done with it).</summary>
    Accept,
    /// <summary>Tasks are worked on.</summary>
    Work,
    /// <summary>Decided; the decision is delivered.</summary>
    Deliver,
    /// <summary>Closed; the applicant may rate it.</summary>
    Evaluate,
    /// <summary>Nothing more to do.</summary>
    Done,
}
