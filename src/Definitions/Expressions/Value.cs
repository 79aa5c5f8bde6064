using System.Collections.Immutable;
using System.Globalization;

namespace OneStop.Definitions.Expressions;

/// <summary>A runtime value of the expression language. A struct so evaluation does not allocate.</summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly decimal _number;
    private readonly object? _ref;

    private Value(ValueKind kind, decimal number, object? reference)
    {
        Kind = kind;
        _number = number;
        _ref = reference;
    }

    /// <summary>The kind of this value; <see cref="ValueKind.Null"/> for null.</summary>
    public ValueKind Kind { get; }

    /// <summary>True for the null value.</summary>
    public bool IsNull => Kind == ValueKind.Null;

    /// <summary>The null value.</summary>
    public static Value Null => default;

    /// <summary>The value true.</summary>
    public static Value True { get; } = new(ValueKind.Bool, 1, null);

    /// <summary>The value false.</summary>
    public static Value False { get; } = new(ValueKind.Bool, 0, null);

    /// <summary>Creates a boolean.</summary>
    public static Value FromBool(bool b) => b ? True : False;

    /// <summary>Creates an integer.</summary>
    public static Value FromInt(long i) => new(ValueKind.Int, i, null);

    /// <summary>Creates a decimal.</summary>
    public static Value FromDecimal(decimal d) => new(ValueKind.Decimal, d, null);

    /// <summary>Creates a string; null gives <see cref="Null"/>.</summary>
    public static Value FromString(string? s) => s is null ? Null : new(ValueKind.String, 0, s);

    /// <summary>Creates a date.</summary>
    public static Value FromDate(DateOnly d) => new(ValueKind.Date, d.DayNumber, null);

    /// <summary>Creates a list of strings.</summary>
    public static Value FromList(ImmutableArray<string> items) => new(ValueKind.List, 0, items.IsDefault ? ImmutableArray<string>.Empty : items);

    /// <summary>A number of the given numeric kind; an Int outside the 64-bit range gives <see cref="Null"/>.</summary>
    internal static Value FromNumber(ValueKind kind, decimal number)
    {
        if (kind == ValueKind.Int)
        {
            return number is >= long.MinValue and <= long.MaxValue ? new(ValueKind.Int, decimal.Truncate(number), null) : Null;
        }
        return new(ValueKind.Decimal, number, null);
    }

    /// <summary>True for Int and Decimal values.</summary>
    internal bool IsNumber => IsNumeric(Kind);

    /// <summary>The boolean; false unless <see cref="Kind"/> is Bool.</summary>
    public bool AsBool => Kind == ValueKind.Bool && _number != 0;

    /// <summary>The integer part of a numeric value.</summary>
    public long AsInt => (long)_number;

    /// <summary>The number of an Int or Decimal value.</summary>
    public decimal AsDecimal => _number;

    /// <summary>The string, or null when not a String.</summary>
    public string? AsString => Kind == ValueKind.String ? (string?)_ref : null;

    /// <summary>The date of a Date value.</summary>
    public DateOnly AsDate => DateOnly.FromDayNumber((int)_number);

    /// <summary>The items of a List value; empty otherwise.</summary>
    public ImmutableArray<string> AsList => _ref is ImmutableArray<string> list ? list : ImmutableArray<string>.Empty;

    /// <inheritdoc />
    public bool Equals(Value other)
    {
        if (Kind != other.Kind)
        {
            // Int and Decimal compare by number.
            return IsNumeric(Kind) && IsNumeric(other.Kind) && _number == other._number;
        }
        return Kind switch
        {
            ValueKind.Null => true,
            ValueKind.String => string.Equals((string?)_ref, (string?)other._ref, StringComparison.Ordinal),
            ValueKind.List => ListEquals(AsList, other.AsList),
            _ => _number == other._number,
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        ValueKind.String => StringComparer.Ordinal.GetHashCode((string)_ref!),
        ValueKind.List => AsList.Length,
        _ => _number.GetHashCode(),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(Value left, Value right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>Formats the value as the expression language would write it.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Bool => AsBool ? "true" : "false",
        ValueKind.Int => AsInt.ToString(CultureInfo.InvariantCulture),
        ValueKind.Decimal => _number.ToString(CultureInfo.InvariantCulture),
        ValueKind.String => "'" + AsString!.Replace("'", "\\'", StringComparison.Ordinal) + "'",
        ValueKind.Date => "date('" + AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "')",
        _ => "[" + string.Join(", ", AsList.Select(s => "'" + s + "'")) + "]",
    };

    // A plain loop: LINQ's SequenceEqual would box the enumerators and allocate during evaluation.
    private static bool ListEquals(ImmutableArray<string> a, ImmutableArray<string> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsNumeric(ValueKind k) => k is ValueKind.Int or ValueKind.Decimal;
}
