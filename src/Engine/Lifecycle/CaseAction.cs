namespace OneStop.Engine;

/// <summary>Every action a command can take on a case. Legality by state is in the lifecycle table.</summary>
public enum CaseAction
{
    /// <summary>收件: file a new case.</summary>
    Submit,
    /// <summary>受理.</summary>
    Accept,
    /// <summary>容缺受理: accept with listed materials promised by a date.</summary>
    AcceptWithPendingMaterials,
    /// <summary>补正 (一次性告知): one notice listing all missing or defective materials.</summary>
    RequestCorrection,
    /// <summary>The applicant resubmits after a correction notice.</summary>
    Resubmit,
    /// <summary>不予受理, with a reason.</summary>
    Reject,
    /// <summary>The applicant hands in materials promised at 容缺受理.</summary>
    SupplyMaterials,
    /// <summary>特别程序: suspend for a special procedure, with a reason.</summary>
    Suspend,
    /// <summary>Resume after a special procedure.</summary>
    Resume,
    /// <summary>延期: extend the decision limit, once, with a reason and an approver.</summary>
    Extend,
    /// <summary>Decide explicitly (the flow normally decides by itself).</summary>
    Decide,
    /// <summary>送达/发证: deliver the decision; the case is concluded (办结).</summary>
    Deliver,
    /// <summary>撤回: the applicant withdraws.</summary>
    Withdraw,
    /// <summary>终止: the authority ends the case, with a reason.</summary>
    Terminate,
    /// <summary>Claim an open task (签收).</summary>
    ClaimTask,
    /// <summary>同意.</summary>
    ApproveTask,
    /// <summary>不同意, with a reason.</summary>
    DenyTask,
    /// <summary>弃权 (vote steps only).</summary>
    AbstainTask,
    /// <summary>退回 to a declared target.</summary>
    ReturnTask,
    /// <summary>转办 to another actor.</summary>
    TransferTask,
    /// <summary>加签 before or after the current signer.</summary>
    AddSigner,
    /// <summary>Comment on a task (意见), changing nothing else.</summary>
    CommentTask,
    /// <summary>A service handler finished (system command).</summary>
    CompleteService,
    /// <summary>A child case (subcase) reached its decision (system command).</summary>
    CompleteSubcase,
}
