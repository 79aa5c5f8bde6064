using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>A rule that fired: which event (index in the commit), the step and department concerned, the evidence,
/// and a level to raise to when the event itself carries one (a warning threshold's level).</summary>
internal readonly record struct Finding(int EventIndex, string? StepId, string? Department, string Evidence, AlertLevel? Level = null);
