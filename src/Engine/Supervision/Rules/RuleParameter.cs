namespace OneStop.Engine.Supervision.Rules;

/// <summary>The kind of value a rule parameter takes.</summary>
internal enum ParameterKind
{
    /// <summary>A whole number ≥ 0.</summary>
    Count,
    /// <summary>An amount of money in yuan ≥ 0.</summary>
    Money,
    /// <summary>A time amount such as <c>5 workdays</c>.</summary>
    Time,
}

/// <summary>A rule's one tunable parameter.</summary>
/// <param name="Name">Key under <c>parameters:</c>.</param>
/// <param name="Kind">Value kind.</param>
/// <param name="Default">Default as written in YAML; null means "the item's own limit".</param>
/// <param name="Description">What it does (documented in docs/supervision.md).</param>
internal sealed record RuleParameter(string Name, ParameterKind Kind, string? Default, string Description);
