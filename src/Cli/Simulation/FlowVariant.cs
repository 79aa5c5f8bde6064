namespace OneStop.Cli.Simulation;

/// <summary>The flow construct a generated promised item exercises between its review and its decision.</summary>
internal enum FlowVariant
{
    /// <summary>A step with two seats, every one must approve (会签).</summary>
    StepAll,
    /// <summary>A step with two seats, the first to act decides (或签).</summary>
    StepAny,
    /// <summary>A weighted vote, two thirds (票签).</summary>
    StepVote,
    /// <summary>Approvers one after another (依次).</summary>
    StepSequential,
    /// <summary>Parallel branches, all must pass.</summary>
    ParallelAll,
    /// <summary>Parallel branches, the first to pass wins.</summary>
    ParallelAny,
    /// <summary>Parallel branches, two of three (no veto).</summary>
    ParallelQuorum,
    /// <summary>A choose on a form field with an otherwise branch.</summary>
    Choose,
    /// <summary>An automatic service step answered by the simulated handler.</summary>
    Service,
    /// <summary>A subcase of an immediate item.</summary>
    Subcase,
}
