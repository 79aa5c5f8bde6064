namespace OneStop.Engine;

/// <summary>Stable ids of the built-in supervision rules (电子监察规则), as used in <c>supervision.yaml</c>, item
/// overrides and <see cref="Alert.RuleId"/>. Custom rules are named <c>custom.{name}</c>; see docs/supervision.md.</summary>
public static class SupervisionRules
{
    /// <summary>环节超时: a step's limit ran out.</summary>
    public const string StepOverdue = "time.step-overdue";
    /// <summary>临近到期: a warning threshold of the decision limit fired.</summary>
    public const string CaseNearDue = "time.case-near-due";
    /// <summary>超期: the decision limit ran out.</summary>
    public const string CaseOverdue = "time.case-overdue";
    /// <summary>补正告知超时: correction notice later than the limit after receipt.</summary>
    public const string LateCorrectionNotice = "time.late-correction-notice";
    /// <summary>送达超时: delivery later than the limit after the decision.</summary>
    public const string LateDelivery = "time.late-delivery";
    /// <summary>特别程序超时: a special procedure over its budget.</summary>
    public const string SpecialProcedureOverrun = "time.special-procedure-overrun";
    /// <summary>整改超期: rectification after a bad evaluation overdue.</summary>
    public const string RectificationOverdue = "time.rectification-overdue";
    /// <summary>督办超期: an alert's 督办 due date passed without resolution.</summary>
    public const string SupervisionOverdue = "time.supervision-overdue";
    /// <summary>二次补正: a second correction notice.</summary>
    public const string SecondCorrection = "process.second-correction";
    /// <summary>多次退回: more than N returns.</summary>
    public const string RepeatedReturns = "process.repeated-returns";
    /// <summary>二次延期: a second extension attempted.</summary>
    public const string SecondExtension = "process.second-extension";
    /// <summary>无依据中止: a suspension without a legal ground.</summary>
    public const string SuspensionWithoutGround = "process.suspension-without-ground";
    /// <summary>越权操作: an unauthorised action attempted.</summary>
    public const string UnauthorizedAttempt = "process.unauthorized-attempt";
    /// <summary>体外循环: a decision without the flow's tasks completed.</summary>
    public const string OffSystemDecision = "process.off-system-decision";
    /// <summary>先决定后受理: a decision before acceptance.</summary>
    public const string DecisionBeforeAcceptance = "logic.decision-before-acceptance";
    /// <summary>时序异常: events out of order or backdated.</summary>
    public const string EventOutOfOrder = "logic.event-out-of-order";
    /// <summary>材料缺失仍准予: approval with mandatory materials missing.</summary>
    public const string ApprovalWithMissingMaterials = "logic.approval-with-missing-materials";
    /// <summary>超时默认许可: a deemed approval.</summary>
    public const string DeemedApproval = "logic.deemed-approval";
    /// <summary>收费异常: a fee that differs from the item's standard.</summary>
    public const string FeeDiffers = "content.fee-differs";
    /// <summary>违规收费: a fee on a free item.</summary>
    public const string FeeOnFreeItem = "content.fee-on-free-item";
}
