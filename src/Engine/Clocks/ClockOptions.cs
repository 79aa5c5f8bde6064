using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>Clocks, warnings and the deadline scheduler. Validated once, when <c>AddOneStop</c> builds.</summary>
public sealed class ClockOptions
{
    /// <summary>Warnings for items that declare none (<c>time.warnings</c>). Default: Reminder when half the limit is
    /// used, Yellow when 1 workday remains. Red always fires at the due instant (the timeout) and need not be listed.
    /// A threshold whose instant falls at or before the clock's start is skipped (e.g. "1 workday remaining" on a
    /// 1-workday step).</summary>
    public IList<WarningThreshold> DefaultWarnings { get; } =
    [
        new WarningThreshold(AlertLevel.Reminder, null, 0.5m),
        new WarningThreshold(AlertLevel.Yellow, TimeAmount.Workdays(1), null),
    ];

    /// <summary>The working-day calendar options (office hours, zone, overlay directory). Ignored when a calendar
    /// instance is supplied with <c>UseCalendar</c>.</summary>
    public CalendarOptions Calendar { get; set; } = new();

    /// <summary>How many due cases the scheduler loads from the store at a time. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long the worker waits after a store failure before trying again. Default 5 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BatchSize < 1) errors.Add($"Clocks.{nameof(BatchSize)} must be at least 1 (was {BatchSize}).");
        if (RetryDelay <= TimeSpan.Zero) errors.Add($"Clocks.{nameof(RetryDelay)} must be positive (was {RetryDelay}).");
        if (Calendar is null) errors.Add($"Clocks.{nameof(Calendar)} must not be null.");
        for (var k = 0; k < DefaultWarnings.Count; k++)
        {
            var w = DefaultWarnings[k];
            if (w is null) errors.Add($"Clocks.{nameof(DefaultWarnings)}[{k}] is null.");
            else if ((w.Remaining is null) == (w.ShareUsed is null))
                errors.Add($"Clocks.{nameof(DefaultWarnings)}[{k}] needs exactly one of Remaining or ShareUsed.");
            else if (w.ShareUsed is { } share && (share <= 0 || share > 1))
                errors.Add($"Clocks.{nameof(DefaultWarnings)}[{k}].ShareUsed must be in (0, 1] (was {share}).");
        }
        return errors;
    }
}
