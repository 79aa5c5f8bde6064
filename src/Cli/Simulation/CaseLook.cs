using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>What the driver reads of a case to carry on from its real state.</summary>
/// <param name="State">Lifecycle state.</param>
/// <param name="Outcome">Decision outcome, or null while undecided.</param>
/// <param name="OpenTasks">Ids of the open tasks, in the case's order.</param>
/// <param name="Kind">The item's kind, when read from the engine's own cache (null otherwise).</param>
internal sealed record CaseLook(CaseState State, CaseOutcome? Outcome, IReadOnlyList<string> OpenTasks, OneStop.Definitions.ItemKind? Kind = null);
