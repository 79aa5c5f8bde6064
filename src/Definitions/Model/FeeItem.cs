namespace OneStop.Definitions;

/// <summary>One fee with its legal basis.</summary>
public sealed class FeeItem
{
    /// <summary>Fee name.</summary>
    public string Name { get; internal init; } = "";
    /// <summary>Standard amount in yuan.</summary>
    public decimal Amount { get; internal init; }
    /// <summary>The basis (收费依据).</summary>
    public string? Basis { get; internal init; }
}
