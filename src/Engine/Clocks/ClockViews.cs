using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Clocks;

/// <summary>Builds the per-clock part of the case view.</summary>
internal static class ClockViews
{
    /// <summary>The clocks of a case at <paramref name="now"/>; empty when the engine runs without clocks.</summary>
    public static IReadOnlyList<ClockView> For(CaseSnapshot s, IEnumerable<ICaseExtension> extensions, DateTimeOffset now)
    {
        if (s.Clocks is not { Count: > 0 }) return [];
        var planner = extensions.OfType<ClockExtension>().FirstOrDefault()?.Planner;
        if (planner is null) return [];
        var calendar = planner.Calendar;
        var views = new List<ClockView>(s.Clocks.Count);
        foreach (var c in s.Clocks)
        {
            // A paused clock stands still at its pause; a stopped one shows what was left when it stopped.
            var at = c.Status switch
            {
                ClockStatus.Paused => c.PausedAt ?? now,
                ClockStatus.Stopped => c.StoppedAt ?? now,
                _ => now,
            };
            var remaining = calendar.Between(at, c.DueAt);
            var fired = c.Thresholds.Where(t => t.FiredAt is not null).OrderBy(t => t.FiredAt).Select(t => t.Level).ToArray();
            views.Add(new ClockView(c.Id, c.Kind, c.StepId, c.Limit, c.StartedAt, c.DueAt, c.Status, remaining,
                remaining.ToRemainingWords(calendar.MinutesPerWorkday), c.Provisional)
            {
                PausedMinutes = c.PausedMinutes, Extended = c.Extended, Fired = fired,
            });
        }
        return views;
    }
}
