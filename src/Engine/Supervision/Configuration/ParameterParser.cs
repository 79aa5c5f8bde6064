using System.Globalization;
using OneStop.Definitions;
using OneStop.Definitions.Loading;
using OneStop.Engine.Supervision.Rules;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>Checks and parses rule parameters; shared by <c>supervision.yaml</c> and item overrides.</summary>
internal static class ParameterParser
{
    /// <summary>Reports an unknown rule id (with a suggestion) and returns null, or returns the rule.</summary>
    public static BuiltInRule? Rule(string id, SourceSpan? span, string where, DiagnosticBag d)
    {
        if (RuleCatalog.ById.TryGetValue(id, out var rule)) return rule;
        d.Error(SupervisionDiagnosticCodes.UnknownRule, $"unknown supervision rule '{id}' in {where}; see docs/supervision.md for the catalogue", span,
            EditDistance.Hint(id, RuleCatalog.Ids));
        return null;
    }

    /// <summary>Checks one parameter; reports and returns false when it is unknown or its value is invalid.</summary>
    public static bool Check(BuiltInRule rule, string name, string value, SourceSpan? span, DiagnosticBag d)
    {
        if (rule.Parameter is not { } p || p.Name != name)
        {
            var known = rule.Parameter is { } q ? $"its only parameter is '{q.Name}'" : "it has no parameters";
            d.Error(SupervisionDiagnosticCodes.UnknownParameter, $"rule '{rule.Id}' has no parameter '{name}'; {known}", span,
                rule.Parameter is { } r ? EditDistance.Hint(name, [r.Name]) : null);
            return false;
        }
        if (TryParse(p, value, out _, out _, out _)) return true;
        d.Error(SupervisionDiagnosticCodes.InvalidParameter, $"parameter '{name}' of rule '{rule.Id}' must be {Expected(p.Kind)}, found '{value}'", span);
        return false;
    }

    public static bool TryParse(RuleParameter p, string text, out long count, out decimal money, out TimeAmount? time)
    {
        count = 0;
        money = 0;
        time = null;
        switch (p.Kind)
        {
            case ParameterKind.Count:
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count);
            case ParameterKind.Money:
                return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out money);
            default:
                if (!TimeAmount.TryParse(text, out var amount)) return false;
                time = amount;
                return true;
        }
    }

    private static string Expected(ParameterKind kind) => kind switch
    {
        ParameterKind.Count => "a whole number of at least 0",
        ParameterKind.Money => "an amount in yuan of at least 0, e.g. 12.50",
        _ => "a time amount such as '5 workdays', '3 days', '4 workhours' or '12 hours'",
    };
}
