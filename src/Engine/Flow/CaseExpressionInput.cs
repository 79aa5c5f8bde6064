using System.Collections.Immutable;
using System.Globalization;
using OneStop.Definitions;
using OneStop.Definitions.Expressions;

namespace OneStop.Engine.Flow;

/// <summary>Reads a case's form values (kept as invariant text) and provided materials for expressions.</summary>
internal sealed class CaseExpressionInput(CaseSnapshot snapshot, ItemDefinition item, DateOnly today) : IExpressionInput
{
    /// <inheritdoc />
    public DateOnly Today => today;

    /// <inheritdoc />
    public Value GetField(int slot)
    {
        var fields = item.Schema.Fields;
        if ((uint)slot >= (uint)fields.Length) return Value.Null;
        var symbol = fields[slot];
        if (!snapshot.Form.TryGetValue(symbol.Path, out var text)) return Value.Null;
        return Convert(text, symbol.Kind);
    }

    /// <inheritdoc />
    public bool HasMaterial(int index)
    {
        var ids = item.Schema.MaterialIds;
        return (uint)index < (uint)ids.Length && snapshot.Materials.Contains(ids[index]);
    }

    /// <summary>Converts invariant text to a value of the field's kind; unparsable text is null.</summary>
    public static Value Convert(string? text, ValueKind kind)
    {
        if (text is null) return Value.Null;
        var inv = CultureInfo.InvariantCulture;
        return kind switch
        {
            ValueKind.Bool => bool.TryParse(text, out var b) ? Value.FromBool(b) : Value.Null,
            ValueKind.Int => long.TryParse(text, NumberStyles.Integer, inv, out var i) ? Value.FromInt(i) : Value.Null,
            ValueKind.Decimal => decimal.TryParse(text, NumberStyles.Number, inv, out var d) ? Value.FromDecimal(d) : Value.Null,
            ValueKind.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var dt) ? Value.FromDate(dt) : Value.Null,
            ValueKind.List => Value.FromList([.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]),
            _ => Value.FromString(text),
        };
    }
}
