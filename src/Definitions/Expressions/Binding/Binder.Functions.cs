using System.Collections.Frozen;
using System.Globalization;
using OneStop.Definitions.Expressions.Evaluation;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions.Binding;

/// <summary>Function calls: arity, argument types and compile-time checks of literal arguments.</summary>
internal sealed partial class Binder
{
    /// <summary>Known functions and their parameter lists, as shown in messages.</summary>
    internal static readonly FrozenDictionary<string, string> Functions = new Dictionary<string, string>
    {
        ["has"] = "'material-id'",
        ["date"] = "'yyyy-MM-dd'",
        ["today"] = "",
        ["len"] = "string or list",
        ["contains"] = "text, part",
        ["starts_with"] = "text, prefix",
        ["ends_with"] = "text, suffix",
        ["days_between"] = "date1, date2",
        ["add_days"] = "date, days",
        ["year"] = "date",
        ["month"] = "date",
        ["is_null"] = "value",
        ["coalesce"] = "value, fallback",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private ExprNode? BindCall(CallSyntax call)
    {
        if (!Functions.TryGetValue(call.Name, out var parameters))
        {
            var hint = Suggestions.DidYouMean(call.Name, Functions.Keys, n => n + "()") ?? $"known functions: {string.Join(", ", Functions.Keys.Order(StringComparer.Ordinal))}";
            Error(ExpressionErrorCodes.UnknownFunction, $"unknown function '{call.Name}'", call.Offset, call.Name.Length, hint);
            return null;
        }
        var arity = parameters.Length == 0 ? 0 : parameters.Count(c => c == ',') + 1;
        if (call.Arguments.Length != arity)
        {
            Error(ExpressionErrorCodes.ArgumentCount,
                $"{call.Name}() takes {arity} argument{(arity == 1 ? "" : "s")} but was given {call.Arguments.Length}", call,
                $"write {call.Name}({parameters})");
            return null;
        }
        switch (call.Name)
        {
            case "has":
                return BindHas(call);
            case "date":
                return BindDate(call);
            case "today":
                return new TodayNode();
        }
        var args = new ExprNode?[call.Arguments.Length];
        var ok = true;
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Bind(call.Arguments[i]);
            ok &= args[i] is not null;
        }
        if (!ok)
        {
            return null;
        }
        var a = args[0]!;
        var b = args.Length > 1 ? args[1]! : null;
        switch (call.Name)
        {
            case "len":
                return Arg(call, 0, a, "a string or a list", ValueKind.String, ValueKind.List) ? new LenNode(a) : null;
            case "contains" when a.Type == ValueKind.List:
                return Arg(call, 1, b!, "a string", ValueKind.String) ? new InListNode(b!, a, negate: false) : null;
            case "contains" or "starts_with" or "ends_with":
                var test = call.Name switch { "contains" => StringTest.Contains, "starts_with" => StringTest.StartsWith, _ => StringTest.EndsWith };
                var textOk = Arg(call, 0, a, call.Name == "contains" ? "a string or a list" : "a string", ValueKind.String);
                return textOk & Arg(call, 1, b!, "a string", ValueKind.String) ? new StringTestNode(test, a, b!) : null;
            case "days_between":
                return Arg(call, 0, a, "a date", ValueKind.Date) & Arg(call, 1, b!, "a date", ValueKind.Date) ? new DaysBetweenNode(a, b!) : null;
            case "add_days":
                return Arg(call, 0, a, "a date", ValueKind.Date) & Arg(call, 1, b!, "an integer", ValueKind.Int) ? new AddDaysNode(a, b!) : null;
            case "year" or "month":
                return Arg(call, 0, a, "a date", ValueKind.Date) ? new DatePartNode(call.Name == "year" ? DatePart.Year : DatePart.Month, a) : null;
            case "is_null":
                return new IsNullNode(a, negate: false);
            default:
                return BindCoalesce(call, a, b!);
        }
    }

    /// <summary>Checks argument <paramref name="index"/> has one of <paramref name="kinds"/> (the null literal always fits).</summary>
    private bool Arg(CallSyntax call, int index, ExprNode arg, string expected, params ValueKind[] kinds)
    {
        if (arg.Type == ValueKind.Null || kinds.Contains(arg.Type))
        {
            return true;
        }
        Error(ExpressionErrorCodes.ArgumentType,
            $"argument {index + 1} of {call.Name}() must be {expected} but is {KindName(arg.Type)}", call.Arguments[index],
            arg.Type == ValueKind.String && kinds.Contains(ValueKind.Date) ? "write a date as date('2025-10-01')" : null);
        return false;
    }

    private ExprNode? BindCoalesce(CallSyntax call, ExprNode a, ExprNode b)
    {
        if (!Compatible(a.Type, b.Type))
        {
            Error(ExpressionErrorCodes.ArgumentType,
                $"arguments of coalesce() must have the same type but are {KindName(a.Type)} and {KindName(b.Type)}", call);
            return null;
        }
        var type = a.Type == ValueKind.Null ? b.Type
            : b.Type == ValueKind.Null ? a.Type
            : a.Type != b.Type ? ValueKind.Decimal
            : a.Type;
        return new CoalesceNode(a, b, type);
    }

    private string? LiteralArgument(CallSyntax call, string what)
    {
        if (call.Arguments[0] is LiteralSyntax { Value.Kind: ValueKind.String } literal)
        {
            return literal.Value.AsString;
        }
        Error(ExpressionErrorCodes.LiteralRequired, $"the argument of {call.Name}() must be a quoted {what}", call.Arguments[0],
            $"write {call.Name}({Functions[call.Name]})");
        return null;
    }

    private HasNode? BindHas(CallSyntax call)
    {
        if (LiteralArgument(call, "material id") is not { } id)
        {
            return null;
        }
        if (schema.TryGetMaterial(id, out var index))
        {
            return new HasNode(index);
        }
        Error(ExpressionErrorCodes.UnknownMaterial, $"unknown material '{id}'", call.Arguments[0],
            Suggestions.DidYouMean(id, schema.MaterialIds) ?? (schema.MaterialIds.IsEmpty ? "this item declares no materials" : null));
        return null;
    }

    private ConstantNode? BindDate(CallSyntax call)
    {
        if (LiteralArgument(call, "date") is not { } text)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new ConstantNode(Value.FromDate(date));
        }
        Error(ExpressionErrorCodes.InvalidDate, $"'{text}' is not a valid date", call.Arguments[0], "write dates as date('2025-10-01') (year-month-day)");
        return null;
    }
}
