namespace OneStop.Engine;

/// <summary>How to build a <see cref="WorkingCalendar"/>. Validated once, by <see cref="WorkingCalendar.Load"/>.</summary>
public sealed class CalendarOptions
{
    /// <summary>A directory of operator calendar files (<c>*.json</c>, applied in ordinal file-name order after
    /// the embedded national data): a new year's notice, or a regional overlay. Null (the default) uses only the
    /// embedded data. The directory must exist when set.</summary>
    public string? OverlayDirectory { get; set; }

    /// <summary>When office hours start on a working day, local time. Default 09:00.</summary>
    public TimeOnly OfficeOpen { get; set; } = new(9, 0);

    /// <summary>When office hours end on a working day, local time; work-day and natural-day limits end here.
    /// Default 17:00. Must be after <see cref="OfficeOpen"/>. There is no lunch break.</summary>
    public TimeOnly OfficeClose { get; set; } = new(17, 0);

    /// <summary>IANA time zone of the office hours. Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZoneId { get; set; } = "Asia/Shanghai";
}
