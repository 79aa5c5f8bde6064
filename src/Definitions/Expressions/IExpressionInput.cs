namespace OneStop.Definitions.Expressions;

/// <summary>What an expression reads at evaluation time: field values by slot and materials by index.</summary>
/// <remarks>Implemented by the runtime over a case's form (or a case's facts for supervision rules).
/// Slots and indexes come from the <see cref="ExpressionSchema"/> the expression was compiled against.</remarks>
public interface IExpressionInput
{
    /// <summary>The value of the field in <paramref name="slot"/>; <see cref="Value.Null"/> when absent.</summary>
    Value GetField(int slot);

    /// <summary>Whether the material at <paramref name="index"/> has been provided.</summary>
    bool HasMaterial(int index);

    /// <summary>Today's date in the calendar's time zone, for <c>today()</c>.</summary>
    DateOnly Today { get; }
}
