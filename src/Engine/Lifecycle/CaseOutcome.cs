namespace OneStop.Engine;

/// <summary>The decision on a case.</summary>
public enum CaseOutcome
{
    /// <summary>准予许可.</summary>
    Approved,
    /// <summary>不予许可.</summary>
    Denied,
    /// <summary>超时默认许可: approved by timeout where the item allows it.</summary>
    DeemedApproved,
}
