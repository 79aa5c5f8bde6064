using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>An item's override of one supervision rule.</summary>
/// <param name="RuleId">Stable rule id, e.g. <c>time.step-overdue</c>.</param>
/// <param name="Enabled">Null keeps the global setting.</param>
/// <param name="Level">Null keeps the global level.</param>
/// <param name="Parameters">Rule parameters as written (e.g. <c>max: "3"</c>).</param>
/// <param name="Span">Where it was written.</param>
public sealed record SupervisionOverride(string RuleId, bool? Enabled, AlertLevel? Level, ImmutableDictionary<string, string> Parameters, SourceSpan? Span)
{
    /// <summary>Stable rule id, e.g. <c>time.step-overdue</c>.</summary>
    public string RuleId { get; internal init; } = RuleId;
    /// <summary>Null keeps the global setting.</summary>
    public bool? Enabled { get; internal init; } = Enabled;
    /// <summary>Null keeps the global level.</summary>
    public AlertLevel? Level { get; internal init; } = Level;
    /// <summary>Rule parameters as written (e.g. <c>max: "3"</c>).</summary>
    public ImmutableDictionary<string, string> Parameters { get; internal init; } = Parameters;
    /// <summary>Where it was written.</summary>
    public SourceSpan? Span { get; internal init; } = Span;
}
