using OneStop.Engine.Flow;

namespace OneStop.Engine.Clocks;

/// <summary>Applies clock events to a snapshot (called from the event applier, so replay reproduces clocks exactly).</summary>
internal static class ClockApplier
{
    /// <summary>Applies one clock event.</summary>
    public static void Apply(CaseSnapshot s, ClockEvent e, DateTimeOffset at)
    {
        switch (e)
        {
            case ClockStarted x:
                (s.Clocks ??= []).Add(new ClockState
                {
                    Id = x.Clock, Kind = x.Kind, Node = x.Node, StepId = x.StepId, Limit = x.Limit, StartedAt = x.StartedAt,
                    DueAt = x.DueAt, BudgetMinutes = x.BudgetMinutes, Provisional = x.Provisional, Status = ClockStatus.Running,
                    Thresholds = x.Thresholds.ConvertAll(t => new ThresholdState { Id = t.Id, Level = t.Level, At = t.At }),
                });
                break;
            case ClocksPaused x:
                foreach (var id in x.Clocks)
                {
                    var c = Find(s, id);
                    c.Status = ClockStatus.Paused;
                    c.PausedAt = at;
                }
                break;
            case ClockResumed x:
            {
                var c = Find(s, x.Clock);
                c.Status = ClockStatus.Running;
                c.PausedAt = null;
                c.PausedMinutes += x.LostMinutes;
                Move(c, x.DueAt, x.Provisional, x.Thresholds);
                break;
            }
            case ClockExtended x:
            {
                var c = Find(s, x.Clock);
                c.Extended = true;
                c.BudgetMinutes += x.AddedMinutes;
                Move(c, x.DueAt, x.Provisional, x.Thresholds);
                break;
            }
            case ClocksStopped x:
                foreach (var id in x.Clocks)
                {
                    var c = Find(s, id);
                    c.Status = ClockStatus.Stopped;
                    c.StoppedAt = at;
                    c.StopReason = x.Reason;
                    c.PausedAt = null;
                }
                break;
            case DeadlineFired x:
            {
                var c = Find(s, x.Clock);
                foreach (var t in c.Thresholds)
                {
                    if (t.Id == x.Threshold) t.FiredAt = at;
                }
                break;
            }
            case CaseDeemedAccepted x:
                s.AcceptedAt = x.AcceptedAsOf;
                break;
            default:
                throw new InvalidOperationException("Unknown clock event " + e.TypeName);
        }
    }

    private static ClockState Find(CaseSnapshot s, string id)
    {
        if (s.Clocks is not null)
        {
            foreach (var c in s.Clocks)
            {
                if (c.Id == id) return c;
            }
        }
        throw new InvalidOperationException($"Case {s.CaseNumber} has no clock {id}.");
    }

    private static void Move(ClockState c, DateTimeOffset due, bool provisional, List<ThresholdPlan> plans)
    {
        c.DueAt = due;
        c.Provisional |= provisional;
        // Fired thresholds keep their record; pending ones take the new instants.
        foreach (var plan in plans)
        {
            var existing = c.Thresholds.Find(t => t.Id == plan.Id);
            if (existing is null) c.Thresholds.Add(new ThresholdState { Id = plan.Id, Level = plan.Level, At = plan.At });
            else if (existing.FiredAt is null) existing.At = plan.At;
        }
    }
}
