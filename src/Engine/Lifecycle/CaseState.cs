namespace OneStop.Engine;

/// <summary>The legal lifecycle state of a case (办件状态). The transitions are fixed by the Administrative
/// Licensing Law and kept in one compiled table shared by every case.</summary>
public enum CaseState
{
    /// <summary>收件: received, waiting for the window to accept, reject or ask for corrections.</summary>
    Submitted,
    /// <summary>补正: a correction notice listing every missing or defective material was issued; waiting for resubmission.</summary>
    Correcting,
    /// <summary>受理/办理中: accepted; the flow is running and tasks are open.</summary>
    InProgress,
    /// <summary>特别程序: paused for a special procedure (hearing, inspection, expert review …); clocks stop.</summary>
    Suspended,
    /// <summary>已决定: the decision (准予 / 不予许可 / 超时默认许可) is made; waiting for delivery.</summary>
    Decided,
    /// <summary>办结: the decision was delivered (送达/发证). Closed.</summary>
    Concluded,
    /// <summary>不予受理: refused at the window with a reason. Closed.</summary>
    Rejected,
    /// <summary>撤回: the applicant withdrew. Closed.</summary>
    Withdrawn,
    /// <summary>终止: the authority ended the case with a reason. Closed.</summary>
    Terminated,
}
