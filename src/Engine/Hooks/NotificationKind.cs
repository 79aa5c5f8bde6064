namespace OneStop.Engine;

/// <summary>What a notice is about.</summary>
public enum NotificationKind
{
    /// <summary>To the applicant: 收件回执.</summary>
    Receipt,
    /// <summary>To the applicant: 补正告知 with the full list.</summary>
    CorrectionNotice,
    /// <summary>To the applicant: 不予受理 with the reason.</summary>
    Refusal,
    /// <summary>To the applicant: 受理通知.</summary>
    Acceptance,
    /// <summary>To the applicant: the decision.</summary>
    Decision,
    /// <summary>To the applicant: 延期告知.</summary>
    Extension,
    /// <summary>To the applicant: 特别程序告知 (start or end).</summary>
    SpecialProcedure,
    /// <summary>To the applicant: the case was withdrawn or terminated.</summary>
    Closure,
    /// <summary>To staff: a task was assigned to a role, department or person.</summary>
    TaskAssigned,
    /// <summary>To staff: a clock ran out and the item's or step's policy escalates the case to a role (<see cref="Notification.Role"/>).</summary>
    Escalation,
}
