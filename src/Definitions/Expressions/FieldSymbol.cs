using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions;

/// <summary>A name an expression may use, with its type and the slot its value is read from.</summary>
/// <param name="Path">The path as written, e.g. <c>stage</c> or <c>applicant.age</c>.</param>
/// <param name="Slot">Index passed to <see cref="IExpressionInput.GetField"/>.</param>
/// <param name="Kind">Static type. Choice fields are <see cref="ValueKind.String"/>.</param>
/// <param name="Options">For choice fields, the allowed values (comparisons with other literals are errors).</param>
public sealed record FieldSymbol(string Path, int Slot, ValueKind Kind, ImmutableArray<string> Options);
