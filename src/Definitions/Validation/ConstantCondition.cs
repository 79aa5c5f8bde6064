using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Validation;

/// <summary>Recognises conditions whose value is known at load time (<c>true</c>, <c>false</c>, <c>not true</c>,
/// <c>1 == 1</c> …): such a condition makes a branch unreachable or always taken.</summary>
internal static class ConstantCondition
{
    public static bool? ValueOf(CompiledExpression? expression)
    {
        if (expression is null) return null;
        var text = expression.Text.Trim();
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        };
    }
}
