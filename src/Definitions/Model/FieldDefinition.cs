using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>A typed form field.</summary>
public sealed class FieldDefinition
{
    /// <summary>Field id (the path used in expressions).</summary>
    public string Id { get; internal init; } = "";
    /// <summary>Display label.</summary>
    public string? Label { get; internal init; }
    /// <summary>Type.</summary>
    public FieldType Type { get; internal init; }
    /// <summary>Whether the applicant must fill it.</summary>
    public bool Required { get; internal init; }
    /// <summary>Allowed values of a choice field; empty otherwise.</summary>
    public ImmutableArray<string> Options { get; internal init; } = [];
    /// <summary>Where it was declared.</summary>
    public SourceSpan? Span { get; internal init; }
}
