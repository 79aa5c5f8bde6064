using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Counting limits in workdays, days, workhours and hours.</summary>
public class CountingRuleTests
{
    private static readonly WorkingCalendar Calendar = Some.Calendar;

    private static DateTimeOffset Due(DateTimeOffset start, string amount)
    {
        Assert.True(TimeAmount.TryParse(amount, out var parsed));
        var due = Calendar.Add(start, parsed);
        Assert.False(due.IsProvisional);
        return due.Instant;
    }

    [Theory]
    [InlineData("2025-09-26", "5 workdays", "2025-10-10")]
    [InlineData("2025-09-26", "20 workdays", "2025-10-30")]
    [InlineData("2026-02-13", "20 workdays", "2026-03-19")]
    public void Add_WorkedExamples_DueAtCloseOfOfficeHours(string start, string amount, string due)
    {
        var s = Some.Date(start);
        var d = Some.Date(due);
        Assert.Equal(Some.Local(d.Year, d.Month, d.Day, 17), Due(Some.Local(s.Year, s.Month, s.Day, 10), amount));
    }

    [Fact]
    public void Add_Workdays_ResultIsUtc()
    {
        var due = Calendar.Add(Some.Local(2025, 9, 26, 10), TimeAmount.Workdays(5));
        Assert.Equal(TimeSpan.Zero, due.Instant.Offset);
        Assert.Equal(new DateTimeOffset(2025, 10, 10, 9, 0, 0, TimeSpan.Zero), due.Instant);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(23)]
    public void Add_Workdays_StartingDayNeverCounted(int hour)
    {
        // Monday 2025-03-03, whatever the hour of receipt: 1 workday is Tuesday's close.
        Assert.Equal(Some.Local(2025, 3, 4, 17), Due(Some.Local(2025, 3, 3, hour), "1 workdays"));
    }

    [Fact]
    public void Add_WorkdaysFromSaturday_FirstDayIsMonday()
    {
        Assert.Equal(Some.Local(2025, 3, 3, 17), Due(Some.Local(2025, 3, 1, 10), "1 workdays"));
    }

    [Fact]
    public void Add_ZeroWorkdaysOnDayOff_NextWorkingDayClose()
    {
        Assert.Equal(Some.Local(2025, 10, 9, 17), Due(Some.Local(2025, 10, 3, 10), "0 workdays"));
        Assert.Equal(Some.Local(2025, 10, 9, 17), Due(Some.Local(2025, 10, 9, 10), "0 workdays"));
    }

    [Fact]
    public void Add_DaysEndingOnWorkingDay_EndsThatDay()
    {
        // 2025-03-03 (Mon) + 3 days = Thursday 2025-03-06.
        Assert.Equal(Some.Local(2025, 3, 6, 17), Due(Some.Local(2025, 3, 3, 10), "3 days"));
    }

    [Fact]
    public void Add_DaysEndingOnWeekend_MovesToMonday()
    {
        // 2025-03-03 + 5 days = Saturday 2025-03-08 → Monday 2025-03-10 (Art.203).
        Assert.Equal(Some.Local(2025, 3, 10, 17), Due(Some.Local(2025, 3, 3, 10), "5 days"));
    }

    [Fact]
    public void Add_DaysEndingInHoliday_MovesPastTheHoliday()
    {
        // 2025-09-26 + 7 days = 2025-10-03 (National Day holiday) → 2025-10-09.
        Assert.Equal(Some.Local(2025, 10, 9, 17), Due(Some.Local(2025, 9, 26, 10), "7 days"));
    }

    [Fact]
    public void Add_DaysEndingOnMakeUpDay_EndsThatDay()
    {
        // 2025-09-26 + 2 days = Sunday 2025-09-28, a make-up working day: it stands.
        Assert.Equal(Some.Local(2025, 9, 28, 17), Due(Some.Local(2025, 9, 26, 10), "2 days"));
    }

    [Fact]
    public void Add_DaysEndingOnHolidaySaturdayBeforeMakeUp_MovesToMakeUpDay()
    {
        // 2025-10-04 + 7 days = Saturday 2025-10-11, a make-up working day.
        Assert.Equal(Some.Local(2025, 10, 11, 17), Due(Some.Local(2025, 10, 4, 10), "7 days"));
    }

    [Theory]
    [InlineData(8, 0, 2, 3, 11, 0)]    // before opening: counting starts at 09:00
    [InlineData(10, 30, 2, 3, 12, 30)] // inside office hours
    [InlineData(16, 0, 1, 3, 17, 0)]   // lands exactly on closing: that day's 17:00, not the next 09:00
    [InlineData(16, 0, 2, 4, 10, 0)]   // spills into the next working day
    [InlineData(17, 0, 2, 4, 11, 0)]   // at exactly 17:00 nothing is left that day
    [InlineData(20, 0, 2, 4, 11, 0)]   // after closing
    [InlineData(9, 0, 8, 3, 17, 0)]    // a whole office day
    public void Add_Workhours_OfficeHourBoundaries(int hour, int minute, int workhours, int dueDay, int dueHour, int dueMinute)
    {
        Assert.Equal(Some.Local(2025, 3, dueDay, dueHour, dueMinute), Due(Some.Local(2025, 3, 3, hour, minute), $"{workhours} workhours"));
    }

    [Fact]
    public void Add_WorkhoursOverHoliday_SkipsIt()
    {
        // Tuesday 2025-09-30 16:00 + 2 workhours: one hour that day, one on 2025-10-09.
        Assert.Equal(Some.Local(2025, 10, 9, 10), Due(Some.Local(2025, 9, 30, 16), "2 workhours"));
    }

    [Fact]
    public void Add_Hours_AreElapsedHours()
    {
        Assert.Equal(Some.Local(2025, 10, 2, 10), Due(Some.Local(2025, 10, 1, 10), "24 hours"));
    }

    [Fact]
    public void Add_NegativeAmount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Add(Some.Local(2025, 1, 1), new TimeAmount(-1, TimeUnit.Days)));
    }

    [Fact]
    public void Add_Workdays_AgreesWithDayByDayCount()
    {
        // Reference model: walk the days one by one with IsWorkingDay.
        for (var start = new DateOnly(2024, 12, 1); start < new DateOnly(2026, 2, 1); start = start.AddDays(3))
        {
            foreach (var n in new[] { 1, 5, 15, 20, 45 })
            {
                var d = start;
                for (var left = n; left > 0;)
                {
                    d = d.AddDays(1);
                    if (Calendar.IsWorkingDay(d)) left--;
                }

                Assert.Equal(Some.Local(d.Year, d.Month, d.Day, 17), Due(Some.Local(start.Year, start.Month, start.Day, 12), $"{n} workdays"));
            }
        }
    }
}
