using OneStop.Definitions.Flow;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>Reads the clocks branch's facts (deadline firings and clock states) for the time rules.</summary>
internal static class ClockFacts
{
    /// <summary>Prefix of the clock ids of rectification clocks opened after a bad evaluation (差评整改).</summary>
    public const string RectificationPrefix = "rectification";

    public static bool IsDeadline(CaseEvent e) => e is DeadlineFired;

    /// <summary>The clock with this id, or null.</summary>
    public static ClockState? Find(CaseSnapshot s, string id)
    {
        if (s.Clocks is not { } clocks) return null;
        foreach (var c in clocks)
        {
            if (string.Equals(c.Id, id, StringComparison.Ordinal)) return c;
        }
        return null;
    }

    /// <summary>The department responsible for a step node: the step's own, else the case's.</summary>
    public static string DepartmentOf(in RuleInput input, int node)
    {
        var plan = input.Context.Plan;
        if ((uint)node < (uint)plan.Nodes.Length && plan.Nodes[node] is StepDefinition { Department: { } d }) return d;
        if ((uint)node < (uint)plan.Nodes.Length && plan.Nodes[node] is StepDefinition { Role: { } role })
        {
            foreach (var r in input.Context.Item.Roles)
            {
                if (r.Id == role && r.Department is { } rd) return rd;
            }
        }
        return input.Context.Case.Department;
    }
}
