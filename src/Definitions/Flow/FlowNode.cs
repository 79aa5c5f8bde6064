using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Flow;

/// <summary>A node of the block-structured flow. Every node of an item has a unique <see cref="Index"/>
/// (pre-order), so runtime state can be kept in flat arrays.</summary>
public abstract class FlowNode
{
    /// <summary>Id: the step id, or a generated id such as <c>parallel@3</c> for unnamed blocks.</summary>
    public string Id { get; internal init; } = "";
    /// <summary>Pre-order index of the node within its item, from 0 (the root sequence).</summary>
    public int Index { get; internal init; }
    /// <summary>The enclosing node; null for the root sequence.</summary>
    public FlowNode? Parent { get; internal set; }
    /// <summary>Optional guard: the node is skipped when it is false.</summary>
    public CompiledExpression? When { get; internal init; }
    /// <summary>Where it was declared.</summary>
    public SourceSpan? Span { get; internal init; }
}
