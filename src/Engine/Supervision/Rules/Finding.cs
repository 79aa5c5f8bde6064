namespace OneStop.Engine.Supervision.Rules;

/// <summary>A rule that fired: which event (index in the commit), the step and department concerned, and the evidence.</summary>
internal readonly record struct Finding(int EventIndex, string? StepId, string? Department, string Evidence);
