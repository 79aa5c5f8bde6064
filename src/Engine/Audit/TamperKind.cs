namespace OneStop.Engine;

/// <summary>What the verifier found wrong with a case's record.</summary>
public enum TamperKind
{
    /// <summary>An event's content (payload, type, time, actor or command key) no longer matches its link: it was edited.</summary>
    Edited,
    /// <summary>Events are missing from the middle of the log (a gap in the sequence).</summary>
    Deleted,
    /// <summary>The last events of the log are missing: the log ends before the case row's version or chain head.</summary>
    Truncated,
    /// <summary>An event sits at another position than the one it was chained at (sequences swapped or moved).</summary>
    Reordered,
    /// <summary>An event carries no link at all (written without the chain, or the link was blanked).</summary>
    Unchained,
    /// <summary>The case row or its events are inconsistent as a whole: events without a case row, or a case row whose
    /// chain head matches no event.</summary>
    Inconsistent,
}
