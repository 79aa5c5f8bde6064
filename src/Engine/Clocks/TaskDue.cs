using OneStop.Engine.Flow;

namespace OneStop.Engine.Clocks;

/// <summary>The due instant a task list orders by (待办 by urgency): the task's own step clock, or else the case's
/// promised (then statutory) decision clock, so a step without a limit of its own still sorts by its case's promise.</summary>
internal static class TaskDue
{
    public static DateTimeOffset? Of(CaseSnapshot s, int node)
    {
        if (s.Clocks is not { Count: > 0 } clocks) return null;
        DateTimeOffset? promised = null, decision = null;
        foreach (var c in clocks)
        {
            if (c.Status == ClockStatus.Stopped) continue;
            switch (c.Kind)
            {
                case ClockKind.Step when c.Node == node: return c.DueAt;
                case ClockKind.Promised: promised = c.DueAt; break;
                case ClockKind.Decision: decision = c.DueAt; break;
            }
        }
        return promised ?? decision;
    }
}
