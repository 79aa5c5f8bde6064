using System.Collections.Immutable;

namespace OneStop.Definitions.Flow;

/// <summary>Starts a case of another item and waits for its outcome (联办, 一件事一次办).</summary>
public sealed class SubcaseDefinition : FlowNode
{
    /// <summary>Catalogue code of the item to start.</summary>
    public string ItemCode { get; internal init; } = "";
    /// <summary>Pinned version; null means the latest loaded.</summary>
    public int? Version { get; internal init; }
    /// <summary>Child form field ← parent form field, copied when the child starts.</summary>
    public ImmutableDictionary<string, string> FormMapping { get; internal init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Whether the child's denial denies this step (default true).</summary>
    public bool Required { get; internal init; } = true;
}
