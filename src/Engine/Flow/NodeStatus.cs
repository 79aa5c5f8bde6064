namespace OneStop.Engine.Flow;

/// <summary>Runtime status of one flow node, kept in a flat array indexed by <c>FlowNode.Index</c>.</summary>
internal enum NodeStatus : byte
{
    /// <summary>Not reached yet (or reset by a return).</summary>
    Pending,
    /// <summary>Running: tasks, branches, a service call or a subcase are open.</summary>
    Active,
    /// <summary>Finished with approval (or passed with an advisory denial).</summary>
    Approved,
    /// <summary>Finished with a denial.</summary>
    Denied,
    /// <summary>Its <c>when</c> was false (counts as passed).</summary>
    Skipped,
    /// <summary>Cancelled by a veto, a join, a return or the end of the case.</summary>
    Cancelled,
}
