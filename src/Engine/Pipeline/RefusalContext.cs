using OneStop.Definitions;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>A refused command, as an <see cref="ICaseExtension"/> sees it: the case as it stands (unchanged), the
/// command and why it was refused.</summary>
/// <param name="Case">The case (not changed by the refused command).</param>
/// <param name="Item">The pinned definition.</param>
/// <param name="Command">The refused command.</param>
/// <param name="Error">The refusal (<see cref="UnauthorizedActionException"/> or <see cref="IllegalActionException"/>).</param>
/// <param name="Now">When it was refused.</param>
internal sealed record RefusalContext(CaseSnapshot Case, ItemDefinition Item, CaseCommand Command, OneStopException Error, DateTimeOffset Now);
