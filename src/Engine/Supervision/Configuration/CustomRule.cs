using OneStop.Definitions;
using OneStop.Definitions.Expressions;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>A custom rule from <c>supervision.yaml</c>: a condition over <see cref="CaseFacts"/>, raised when it turns true.</summary>
/// <param name="Id">Full id, <c>custom.{name}</c>.</param>
/// <param name="Level">Level of its alerts.</param>
/// <param name="When">The compiled condition.</param>
/// <param name="Message">Evidence text; defaults to the condition.</param>
internal sealed record CustomRule(string Id, AlertLevel Level, CompiledExpression When, string Message);
