using System.Collections.Immutable;
using OneStop.Definitions.Flow;

namespace OneStop.Definitions.Loading;

/// <summary>An item read from one file, with what the catalogue-level checks need.</summary>
/// <param name="Definition">The compiled item (not yet published: the catalogue may still fail).</param>
/// <param name="CodeSpan">Where the item code was written.</param>
/// <param name="Subcases">Every subcase node with the position of its references.</param>
internal sealed record ParsedItem(ItemDefinition Definition, SourceSpan CodeSpan, ImmutableArray<SubcaseReference> Subcases);

/// <summary>A subcase node and where its parts were written.</summary>
/// <param name="Node">The node.</param>
/// <param name="ItemSpan">Position of the <c>item</c> value.</param>
/// <param name="MapKeys">Child field names of <c>map</c> with their positions.</param>
internal sealed record SubcaseReference(SubcaseDefinition Node, SourceSpan ItemSpan, ImmutableArray<(string Field, SourceSpan Span)> MapKeys);
