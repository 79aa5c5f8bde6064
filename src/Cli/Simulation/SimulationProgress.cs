namespace OneStop.Cli.Simulation;

/// <summary>Progress report while a simulation runs.</summary>
/// <param name="CasesFiled">Cases filed so far.</param>
/// <param name="CasesFinished">Cases the driver has nothing more to do for.</param>
/// <param name="Cases">Cases in the run.</param>
/// <param name="Day">The simulated local date.</param>
/// <param name="Commands">Commands executed so far.</param>
internal readonly record struct SimulationProgress(long CasesFiled, long CasesFinished, long Cases, DateOnly Day, long Commands);
