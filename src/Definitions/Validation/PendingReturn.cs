namespace OneStop.Definitions.Validation;

/// <summary>A return target naming a step that was not in scope when its step was read; checked once every step is known.</summary>
/// <param name="StepId">The step declaring the target.</param>
/// <param name="StepIndex">Its pre-order index.</param>
/// <param name="Target">The target as written.</param>
/// <param name="Span">Where the target was written.</param>
internal sealed record PendingReturn(string StepId, int StepIndex, string Target, SourceSpan Span);
