namespace OneStop.Definitions.Expressions;

/// <summary>The static type of a form field or an expression.</summary>
public enum ValueKind : byte
{
    /// <summary>The null literal, or a missing optional value.</summary>
    Null,
    /// <summary>true / false.</summary>
    Bool,
    /// <summary>64-bit integer.</summary>
    Int,
    /// <summary>Decimal number (money, areas).</summary>
    Decimal,
    /// <summary>Text; also the type of a choice field.</summary>
    String,
    /// <summary>A calendar date without time.</summary>
    Date,
    /// <summary>A list of strings.</summary>
    List,
}
