using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Time zones other than the default.</summary>
public class CalendarZoneTests
{
    [Fact]
    public void Add_ZoneWithDaylightSaving_DueAtLocalClose()
    {
        // Berlin moves to summer time on 2025-03-30: the due instant is still 17:00 local.
        var calendar = WorkingCalendar.Load(new CalendarOptions { TimeZoneId = "Europe/Berlin" });
        var due = calendar.Add(new DateTimeOffset(2025, 3, 27, 10, 0, 0, TimeSpan.FromHours(1)), TimeAmount.Workdays(2));
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 17, 0, 0, TimeSpan.FromHours(2)), due.Instant);
        Assert.Equal(480 * 2, calendar.WorkingMinutesBetween(
            new DateTimeOffset(2025, 3, 28, 9, 0, 0, TimeSpan.FromHours(1)), due.Instant));
    }

    [Fact]
    public void Load_InvalidUtf8_TypedError()
    {
        using var dir = Some.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, "bad.json"), [.. "{ \"format\": 1, \"name\": \""u8, 0xFF, 0xFE, .. "\", \"years\": {} }"u8]);
        var ex = Assert.Throws<CalendarException>(() => WorkingCalendar.Load(new CalendarOptions { OverlayDirectory = dir.Path }));
        Assert.Equal(1, ex.Line);
    }
}
