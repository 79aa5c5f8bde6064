using System.Globalization;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>Describes events for timelines, in Chinese.</summary>
internal static class TimelineText
{
    public static string Describe(CaseEvent e, FlowPlan plan) => e switch
    {
        CaseSubmitted x => $"收件：{x.Applicant} 申请《{plan.Item.Name}》，材料 {x.Materials.Count} 份",
        CorrectionRequested x => (x.Repeated ? "再次补正告知（" + x.RepeatReason + "）：" : "一次性补正告知：") + string.Join("、", x.Items.Select(i => i.Problem is null ? i.Material : i.Material + "（" + i.Problem + "）")),
        CaseResubmitted x => $"补正后重新提交，材料 {x.Materials.Count} 份",
        CaseAccepted { Immediate: true } => "即办件：当场受理",
        CaseAccepted { PendingMaterials: { Count: > 0 } p } x => $"容缺受理：{string.Join("、", p)} 承诺于 {x.PromisedBy:yyyy-MM-dd} 前补交",
        CaseAccepted => "受理",
        CaseRejected x => "不予受理：" + x.Reason,
        MaterialsSupplied x => "补交材料：" + string.Join("、", x.Materials),
        CaseSuspended x => $"特别程序（{x.Procedure}）：{x.Reason}",
        CaseResumed x => "特别程序结束" + (x.Note is null ? "" : "：" + x.Note),
        CaseExtended x => $"延期 {x.Amount}：{x.Reason}（批准人 {x.Approver}）",
        CaseDecided x => "决定：" + Outcome(x.Outcome) + (x.ByFlow ? "" : "（直接决定）") + (x.Reason is null ? "" : "，" + x.Reason),
        CaseDelivered x => "送达" + (x.Method is null ? "" : "（" + x.Method + "）") + (x.Certificate is null ? "" : "，证号 " + x.Certificate) + "，办结",
        CaseWithdrawn x => "申请人撤回" + (x.Reason is null ? "" : "：" + x.Reason),
        CaseTerminated x => "终止：" + x.Reason,
        NodeStarted x => Node(plan, x.Node) + " 开始" + (x.Branch >= 0 && plan.Nodes[x.Node] is Definitions.Flow.ChooseDefinition ? "，选择分支 " + x.Branch.ToString(CultureInfo.InvariantCulture) : ""),
        NodeCompleted x => Node(plan, x.Node) + " " + x.Status switch
        {
            NodeStatus.Approved => x.Advisory ? "通过（否决意见仅供参考）" : "通过",
            NodeStatus.Denied => "未通过",
            NodeStatus.Skipped => "跳过（条件不满足）",
            _ => "取消",
        },
        TaskOpened x => $"待办 {x.TaskId}：{Node(plan, x.Node)}" + (x.Assignee is null ? $"（{x.Role ?? x.Department}）" : "（" + x.Assignee + "）"),
        TaskClaimed x => $"签收 {x.TaskId}",
        TaskApproved x => $"同意 {x.TaskId}" + (x.Opinion is null ? "" : "：" + x.Opinion),
        TaskDenied x => $"不同意 {x.TaskId}：{x.Reason}",
        TaskAbstained x => $"弃权 {x.TaskId}",
        TaskTransferred x => $"转办 {x.TaskId} 给 {x.To}",
        SignerAdded x => (x.Before ? "前加签 " : "后加签 ") + x.Signer + $"（{x.TaskId}）",
        TaskCommented x => $"意见 {x.TaskId}：{x.Text}",
        TasksCancelled x => $"取消待办 {string.Join("、", x.TaskIds)}（{x.Reason}）",
        CaseReturned x => $"退回至 {x.Target}：{x.Reason}",
        ServiceRequested x => $"调用服务 {x.Handler}",
        ServiceCompleted x => "服务结果：" + (x.Approved ? "通过" : "未通过") + (x.Message is null ? "" : "，" + x.Message),
        SubcaseRequested x => $"发起子办件（事项 {x.ItemCode}）",
        SubcaseCompleted x => $"子办件 {x.ChildCase} 决定：{Outcome(x.Outcome)}",
        _ => e.TypeName,
    };

    private static string Node(FlowPlan plan, int index)
    {
        var node = plan.Nodes[index];
        return node is Definitions.Flow.StepDefinition { Name: { } name } ? $"环节「{name}」" : $"「{node.Id}」";
    }

    private static string Outcome(CaseOutcome o) => o switch
    {
        CaseOutcome.Approved => "准予许可",
        CaseOutcome.Denied => "不予许可",
        _ => "超时默认许可",
    };
}
