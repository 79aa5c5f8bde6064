using System.Text;
using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Cli.Rendering;

/// <summary>Draws an item's block-structured flow as a Mermaid flowchart: steps as boxes, parallel blocks
/// as fork/join bars, choose blocks as decisions, subcases as sub-routines, services as parallelograms,
/// and declared returns as dotted edges.</summary>
internal static class MermaidRenderer
{
    public static string Render(ItemDefinition item)
    {
        var sb = new StringBuilder();
        sb.Append("flowchart TD\n");
        sb.Append($"  start((\"{Escape(item.Name)}\"))\n");
        var outs = RenderNode(sb, item.Flow, [("start", null)]);
        sb.Append("  finish((\"办结\"))\n");
        Connect(sb, outs, "finish");
        foreach (var step in item.Steps.Values.OrderBy(s => s.Index))
        {
            foreach (var target in step.ReturnTargets)
            {
                sb.Append($"  {Id(step)} -.->|退回 {Escape(target.Kind == ReturnTargetKind.Step ? target.StepId : target.Kind.ToString().ToLowerInvariant())}| {Id(item.Steps[target.StepId])}\n");
            }
        }
        return sb.ToString();
    }

    private static List<(string Id, string? Label)> RenderNode(StringBuilder sb, FlowNode node, List<(string Id, string? Label)> incoming)
    {
        switch (node)
        {
            case SequenceDefinition seq:
                foreach (var child in seq.Children) incoming = RenderNode(sb, child, incoming);
                return incoming;
            case StepDefinition step:
            {
                var lines = new List<string> { step.Name is null ? step.Id : $"{step.Name} ({step.Id})" };
                var who = string.Join(" · ", new[] { step.Role, step.Department }.Where(x => x is not null));
                if (step.Seats.Length > 1) who += $" · {ModeName(step.Mode)} ×{step.Seats.Length}";
                if (who.Length > 0) lines.Add(who);
                if (step.Limit is { } limit) lines.Add("时限 " + TimeWords.Of(limit));
                if (step.SpecialProcedure is { } sp) lines.Add("特别程序 " + sp.Kind);
                if (step.When is { } when) lines.Add("当 " + when.Text);
                sb.Append($"  {Id(step)}[\"{string.Join("<br/>", lines.Select(Escape))}\"]\n");
                Connect(sb, incoming, Id(step));
                return [(Id(step), null)];
            }
            case ParallelDefinition par:
            {
                var fork = Id(par) + "_fork";
                var join = Id(par) + "_join";
                var rule = par.Join switch { JoinMode.Any => "任一通过", JoinMode.Quorum => $"{par.Quorum} 个分支通过", _ => "全部通过" };
                var lead = par.Lead is null ? "" : $"<br/>牵头 {Escape(par.Lead)}";
                sb.Append($"  {fork}{{{{\"并联 {Escape(par.Id)}{lead}\"}}}}\n");
                Connect(sb, incoming, fork);
                sb.Append($"  {join}{{{{\"汇合：{rule}{(par.Veto ? "，一票否决" : "")}\"}}}}\n");
                foreach (var branch in par.Branches)
                {
                    Connect(sb, RenderNode(sb, branch, [(fork, branch.Id)]), join);
                }
                return [(join, null)];
            }
            case ChooseDefinition choose:
            {
                var decision = Id(choose);
                sb.Append($"  {decision}{{\"选择\"}}\n");
                Connect(sb, incoming, decision);
                var outs = new List<(string, string?)>();
                foreach (var branch in choose.Branches) outs.AddRange(RenderNode(sb, branch.Flow, [(decision, branch.Condition.Text)]));
                outs.AddRange(choose.Otherwise is { } o ? RenderNode(sb, o, [(decision, "否则")]) : [(decision, "否则")]);
                return outs;
            }
            case SubcaseDefinition sub:
            {
                var version = sub.Version is { } v ? $" v{v}" : "";
                sb.Append($"  {Id(sub)}[[\"子事项 {Escape(sub.ItemCode)}{version}{(sub.When is null ? "" : "<br/>当 " + Escape(sub.When.Text))}\"]]\n");
                Connect(sb, incoming, Id(sub));
                return [(Id(sub), null)];
            }
            case ServiceDefinition svc:
            {
                sb.Append($"  {Id(svc)}[/\"自动服务 {Escape(svc.Handler)}\"/]\n");
                Connect(sb, incoming, Id(svc));
                return [(Id(svc), null)];
            }
            default:
                return incoming;
        }
    }

    private static void Connect(StringBuilder sb, List<(string Id, string? Label)> from, string to)
    {
        foreach (var (id, label) in from)
        {
            sb.Append(label is null ? $"  {id} --> {to}\n" : $"  {id} -->|\"{Escape(label)}\"| {to}\n");
        }
    }

    private static string Id(FlowNode node) => "n" + node.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ModeName(ApproverMode mode) => mode switch
    {
        ApproverMode.All => "会签",
        ApproverMode.Vote => "票签",
        ApproverMode.Sequential => "依次审批",
        _ => "或签",
    };

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
