namespace OneStop.Definitions.Flow;

/// <summary>How several approvers of one step decide.</summary>
public enum ApproverMode
{
    /// <summary>会签: every approver must approve; a denial decides at once.</summary>
    All,
    /// <summary>或签: the first approver to act decides. A step with one approver uses this mode.</summary>
    Any,
    /// <summary>票签: weighted vote by ratio or count; abstentions tallied apart; decides early when certain.</summary>
    Vote,
    /// <summary>依次: approvers act one after another in order.</summary>
    Sequential,
}
