using System.Collections.Immutable;

namespace OneStop.Definitions.Flow;

/// <summary>并联审批: branches that run at once.</summary>
public sealed class ParallelDefinition : FlowNode
{
    /// <summary>The branches; each is a sequence whose <see cref="FlowNode.Id"/> is the branch name.</summary>
    public ImmutableArray<SequenceDefinition> Branches { get; internal init; } = [];
    /// <summary>Join rule.</summary>
    public JoinMode Join { get; internal init; } = JoinMode.All;
    /// <summary>Branches needed for <see cref="JoinMode.Quorum"/>.</summary>
    public int Quorum { get; internal init; }
    /// <summary>一票否决: a denial in any branch denies the block and cancels sibling tasks (default true).</summary>
    public bool Veto { get; internal init; } = true;
    /// <summary>The lead department (牵头部门) for joint items; null when none.</summary>
    public string? Lead { get; internal init; }
}
