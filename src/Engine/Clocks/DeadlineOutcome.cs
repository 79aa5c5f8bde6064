namespace OneStop.Engine;

/// <summary>What the engine did when a deadline fired.</summary>
public enum DeadlineOutcome
{
    /// <summary>A warning (reminder, yellow or red before the due instant): the event itself is the notice.</summary>
    Warned,
    /// <summary>The clock ran out and the policy is notify (the default).</summary>
    Notified,
    /// <summary>The clock ran out and the case was escalated to a role (a staff notice went to that role).</summary>
    Escalated,
    /// <summary>A step's limit ran out and the step passed automatically.</summary>
    AutoPassed,
    /// <summary>The decision limit ran out and the case was decided as deemed approved (超时默认许可).</summary>
    DeemedApproved,
    /// <summary>The correction-notice limit ran out without notice or acceptance: the case is accepted as of receipt (Art.32).</summary>
    DeemedAccepted,
}
