namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary>An input with no fields and no materials, used to fold constants at compile time.</summary>
internal sealed class EmptyInput : IExpressionInput
{
    public static EmptyInput Instance { get; } = new();

    public DateOnly Today => DateOnly.MinValue;

    public Value GetField(int slot) => Value.Null;

    public bool HasMaterial(int index) => false;
}
