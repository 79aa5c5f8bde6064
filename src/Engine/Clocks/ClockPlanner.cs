using System.Collections.Immutable;
using OneStop.Definitions;

namespace OneStop.Engine.Clocks;

/// <summary>Computes due instants and threshold instants with the working calendar. Every threshold is kept as an
/// offset before the due instant (in working minutes), so pauses and the extension move all of them exactly.</summary>
internal sealed class ClockPlanner(WorkingCalendar calendar, ClockOptions options)
{
    private readonly ImmutableArray<WarningThreshold> _defaults = [.. options.DefaultWarnings];

    /// <summary>The calendar.</summary>
    public WorkingCalendar Calendar => calendar;

    /// <summary>The warnings that apply to an item: its own, else the global defaults.</summary>
    public ImmutableArray<WarningThreshold> WarningsFor(ItemDefinition item) =>
        item.Time.Warnings.IsDefaultOrEmpty ? _defaults : item.Time.Warnings;

    /// <summary>Thresholds of a clock from <paramref name="start"/> to <paramref name="due"/>, the last being the timeout.</summary>
    public List<ThresholdPlan> Thresholds(DateTimeOffset start, DateTimeOffset due, long budget, ImmutableArray<WarningThreshold> warnings)
    {
        var result = new List<ThresholdPlan>(warnings.Length + 1);
        var span = Math.Max(0, calendar.WorkingMinutesBetween(start, due));
        for (var k = 0; k < warnings.Length; k++)
        {
            var w = warnings[k];
            var at = InstantOf(w, start, due, span, budget);
            // A warning at or before the start would fire the moment the clock starts: it does not apply.
            if (at is { } instant && instant > start && instant < due)
                result.Add(new ThresholdPlan("w" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + w.Level.ToString().ToLowerInvariant(), w.Level, instant));
        }
        result.Add(new ThresholdPlan(ThresholdState.DueId, AlertLevel.Red, due));
        return result;
    }

    private DateTimeOffset? InstantOf(WarningThreshold w, DateTimeOffset start, DateTimeOffset due, long span, long budget)
    {
        long offset; // working minutes before the due instant
        if (w.ShareUsed is { } share)
        {
            offset = budget - (long)Math.Floor(budget * share);
        }
        else if (w.Remaining is { } r)
        {
            switch (r.Unit)
            {
                case TimeUnit.Workdays: offset = (long)r.Value * calendar.MinutesPerWorkday; break;
                case TimeUnit.Workhours: offset = r.Value * 60L; break;
                // Natural units count back in elapsed time.
                case TimeUnit.Days: return due.AddDays(-r.Value);
                default: return due.AddHours(-r.Value);
            }
        }
        else return null;
        if (offset >= span) return null;
        return calendar.AddWorkingMinutes(start, span - offset).Instant;
    }

    /// <summary>Due instant and working-minute budget of a limit counted from <paramref name="start"/>.</summary>
    public (DueInstant Due, long Budget) Count(DateTimeOffset start, TimeAmount limit)
    {
        var due = calendar.Add(start, limit);
        return (due, Math.Max(0, calendar.WorkingMinutesBetween(start, due.Instant)));
    }

    /// <summary>Due instant of a date-only promise (容缺受理): office close of that date.</summary>
    public DueInstant AtClose(DateTimeOffset start, DateOnly date)
    {
        var at = calendar.AtLocal(date, calendar.OfficeClose);
        return new DueInstant(at, calendar.IsProvisional(start, at));
    }
}
