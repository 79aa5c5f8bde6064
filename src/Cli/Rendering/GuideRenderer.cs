using System.Globalization;
using System.Text;
using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Cli.Rendering;

/// <summary>Renders the service guide (办事指南) of an item in Markdown with the eight public elements
/// (项目八公开): name, basis, conditions, materials, procedure, time limits, fees, window authority.</summary>
internal static class GuideRenderer
{
    public static string Render(ItemDefinition item)
    {
        var sb = new StringBuilder();
        sb.Append($"# {item.Name} 办事指南\n\n");
        sb.Append($"- 事项编码：{item.ItemCode}（第 {item.Version} 版）\n");
        sb.Append($"- 事项类型：{KindName(item.Kind)}\n");
        sb.Append($"- 实施机关：{item.Department}\n\n");

        sb.Append("## 一、事项名称\n\n").Append(item.Name).Append("\n\n");
        sb.Append("## 二、设定依据\n\n");
        AppendList(sb, item.Public.Basis, "（未填写）");
        sb.Append("## 三、申请条件\n\n");
        AppendList(sb, item.Public.Conditions, "（未填写）");

        sb.Append("## 四、申请材料\n\n");
        if (item.Materials.IsEmpty) sb.Append("无需提交材料。\n\n");
        else
        {
            sb.Append("| 序号 | 材料名称 | 是否必需 | 提交情形 | 形式 | 份数 | 备注 |\n|---|---|---|---|---|---|---|\n");
            var n = 0;
            foreach (var m in item.Materials)
            {
                var when = m.When is null ? "所有申请" : $"当{ConditionWords.Of(m.When.Text, item)}时（条件：`{m.When.Text}`）";
                sb.Append(CultureInfo.InvariantCulture, $"| {++n} | {Cell(m.Name)} | {(m.Required ? "必需" : "非必需")} | {Cell(when)} | {Cell(m.Form ?? "")} | {m.Copies} | {Cell(m.Note ?? "")} |\n");
            }
            sb.Append('\n');
        }

        sb.Append("## 五、办理程序\n\n");
        AppendList(sb, item.Public.Procedure, null);
        sb.Append("办理环节：\n\n");
        var i = 0;
        foreach (var step in item.Nodes.OfType<StepDefinition>())
        {
            var limit = step.Limit is { } l ? $"，时限 {TimeWords.Of(l)}" : "";
            var condition = step.When?.Text ?? BranchCondition(step);
            var when = condition is null ? "" : condition == "" ? "（其他情形）" : $"（当{ConditionWords.Of(condition, item)}时）";
            var sp = step.SpecialProcedure is { } p ? $"；特别程序所需时间不计入办理时限{(p.Budget is { } b ? $"（不超过 {TimeWords.Of(b)}）" : "")}" : "";
            sb.Append(CultureInfo.InvariantCulture, $"{++i}. {step.Name ?? step.Id}{when}{limit}{sp}\n");
        }
        sb.Append('\n');

        sb.Append("## 六、办理时限\n\n");
        var t = item.Time;
        sb.Append($"- 法定办结时限：{TimeWords.Of(t.Statutory)}\n");
        if (t.Promised is { } promised) sb.Append($"- 承诺办结时限：{TimeWords.Of(promised)}\n");
        if (t.Review is { } review) sb.Append($"- 下级初审时限：{TimeWords.Of(review)}\n");
        sb.Append($"- 延期：经批准可延长 {TimeWords.Of(t.Extension)}，并告知申请人理由\n");
        sb.Append($"- 送达时限：作出决定后 {TimeWords.Of(t.Delivery)} 内送达\n");
        if (t.AllowsDeemedApproval) sb.Append("- 逾期未作出决定的，视为准予许可\n");
        sb.Append('\n');

        sb.Append("## 七、收费标准\n\n");
        if (item.Public.IsFree) sb.Append("不收费。\n\n");
        else
        {
            sb.Append("| 收费项目 | 标准（元） | 收费依据 |\n|---|---|---|\n");
            foreach (var f in item.Public.Fees) sb.Append(CultureInfo.InvariantCulture, $"| {Cell(f.Name)} | {f.Amount:0.##} | {Cell(f.Basis ?? "")} |\n");
            sb.Append('\n');
        }

        sb.Append("## 八、受理机关及窗口\n\n");
        sb.Append($"- 实施机关：{item.Department}\n");
        sb.Append($"- 受理窗口：{item.Public.WindowAuthority ?? item.Department}\n");
        return sb.ToString();
    }

    /// <summary>The condition of the choose branch a step sits in directly: its text, "" for otherwise, null when none.</summary>
    private static string? BranchCondition(StepDefinition step)
    {
        if (step.Parent is not SequenceDefinition seq || seq.Parent is not ChooseDefinition choose) return null;
        if (ReferenceEquals(choose.Otherwise, seq)) return "";
        return choose.Branches.FirstOrDefault(b => ReferenceEquals(b.Flow, seq))?.Condition.Text;
    }

    private static void AppendList(StringBuilder sb, IEnumerable<string> lines, string? empty)
    {
        var any = false;
        foreach (var line in lines)
        {
            sb.Append("- ").Append(line).Append('\n');
            any = true;
        }
        if (!any && empty is not null) sb.Append(empty).Append('\n');
        if (any || empty is not null) sb.Append('\n');
    }

    private static string KindName(ItemKind kind) => kind switch
    {
        ItemKind.Immediate => "即办件",
        ItemKind.Joint => "联办件",
        ItemKind.Referred => "上报件",
        _ => "承诺件",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
