using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>An item's override of one supervision rule.</summary>
/// <param name="RuleId">Stable rule id, e.g. <c>time.step-overdue</c>.</param>
/// <param name="Enabled">Null keeps the global setting.</param>
/// <param name="Level">Null keeps the global level.</param>
/// <param name="Parameters">Rule parameters as written (e.g. <c>max-returns: "3"</c>).</param>
/// <param name="Span">Where it was written.</param>
public sealed record SupervisionOverride(string RuleId, bool? Enabled, AlertLevel? Level, ImmutableDictionary<string, string> Parameters, SourceSpan? Span);
