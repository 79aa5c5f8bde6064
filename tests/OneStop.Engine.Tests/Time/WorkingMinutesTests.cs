using FsCheck;
using FsCheck.Fluent;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Working-minute arithmetic used by case clocks.</summary>
public class WorkingMinutesTests
{
    private static readonly WorkingCalendar Calendar = Some.Calendar;

    [Fact]
    public void WorkingMinutesBetween_InsideOneDay_CountsMinutes()
    {
        Assert.Equal(300, Calendar.WorkingMinutesBetween(Some.Local(2025, 3, 3, 10), Some.Local(2025, 3, 3, 15)));
    }

    [Fact]
    public void WorkingMinutesBetween_OverWeekend_CountsOnlyOfficeTime()
    {
        // Friday 16:00 → Monday 10:00: one hour Friday, one hour Monday.
        Assert.Equal(120, Calendar.WorkingMinutesBetween(Some.Local(2025, 3, 7, 16), Some.Local(2025, 3, 10, 10)));
    }

    [Fact]
    public void WorkingMinutesBetween_OverNationalDay_SkipsHolidayAndCountsMakeUpDay()
    {
        // Fri 2025-09-26 17:00 → Thu 2025-10-09 09:00: Sun 28 (make-up), Mon 29, Tue 30 = 3 office days.
        Assert.Equal(3 * 480, Calendar.WorkingMinutesBetween(Some.Local(2025, 9, 26, 17), Some.Local(2025, 10, 9, 9)));
    }

    [Fact]
    public void WorkingMinutesBetween_Reversed_IsNegative()
    {
        Assert.Equal(-300, Calendar.WorkingMinutesBetween(Some.Local(2025, 3, 3, 15), Some.Local(2025, 3, 3, 10)));
    }

    [Theory]
    [InlineData(7, 0, 10, 0, 60)]   // pause starts before opening
    [InlineData(15, 0, 19, 0, 120)] // pause ends after closing
    [InlineData(18, 0, 20, 0, 0)]   // pause wholly outside office hours
    [InlineData(6, 0, 23, 0, 480)]  // pause covers the whole office day
    public void Suspension_MovesDeadlineByWorkingTimeLost(int fromHour, int fromMinute, int toHour, int toMinute, long lost)
    {
        var pauseFrom = Some.Local(2025, 3, 4, fromHour, fromMinute);
        var pauseTo = Some.Local(2025, 3, 4, toHour, toMinute);
        Assert.Equal(lost, Calendar.WorkingMinutesBetween(pauseFrom, pauseTo));
    }

    [Fact]
    public void Suspension_From10To15_MovesDeadlineBy300WorkingMinutes()
    {
        var due = Calendar.Add(Some.Local(2025, 3, 3, 10), Definitions.TimeAmount.Workdays(5)).Instant; // Mon 2025-03-10 17:00
        var lost = Calendar.WorkingMinutesBetween(Some.Local(2025, 3, 4, 10), Some.Local(2025, 3, 4, 15));
        var moved = Calendar.AddWorkingMinutes(due, lost).Instant;
        Assert.Equal(300, lost);
        Assert.Equal(Some.Local(2025, 3, 11, 14), moved);
    }

    [Fact]
    public void AddWorkingMinutes_FromDayOff_StartsAtNextOpening()
    {
        Assert.Equal(Some.Local(2025, 10, 9, 9, 30), Calendar.AddWorkingMinutes(Some.Local(2025, 10, 3, 12), 30).Instant);
    }

    [Fact]
    public void AddWorkingMinutes_Zero_ReturnsStart()
    {
        var start = Some.Local(2025, 10, 3, 12);
        Assert.Equal(start, Calendar.AddWorkingMinutes(start, 0).Instant);
    }

    [Fact]
    public void AddWorkingMinutes_KeepsSeconds()
    {
        var start = Some.Local(2025, 3, 3, 10).AddSeconds(42);
        Assert.Equal(start.AddMinutes(5), Calendar.AddWorkingMinutes(start, 5).Instant);
    }

    [Fact]
    public void AddWorkingMinutes_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingMinutes(Some.Local(2025, 3, 3), -1));
    }

    [Fact]
    public void AddWorkingMinutes_ThenBetween_RoundTrips()
    {
        // Any start (minute-aligned, 2020–2026) and any amount up to ~60 office days.
        var gen =
            from minuteOfRange in Gen.Choose(0, 7 * 365 * 1440 - 90 * 1440)
            from minutes in Gen.Choose(0, 60 * 480)
            select (Some.Local(2020, 1, 1).AddMinutes(minuteOfRange), minutes);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (start, minutes) = t;
            var due = Calendar.AddWorkingMinutes(start, minutes).Instant;
            var local = Calendar.ToLocalTime(due);
            var inOffice = Calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime))
                && TimeOnly.FromDateTime(local.DateTime) >= Calendar.OfficeOpen && TimeOnly.FromDateTime(local.DateTime) <= Calendar.OfficeClose;
            return Calendar.WorkingMinutesBetween(start, due) == minutes && (minutes == 0 || inOffice) && due >= start;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WorkingMinutesBetween_IsAdditive()
    {
        var instant = Gen.Choose(0, 7 * 365 * 24 * 4).Select(q => Some.Local(2020, 1, 1).AddMinutes(q * 15));
        var gen = from a in instant from b in instant from c in instant select (a, b, c);
        Prop.ForAll(gen.ToArbitrary(), t =>
            Calendar.WorkingMinutesBetween(t.a, t.b) + Calendar.WorkingMinutesBetween(t.b, t.c) == Calendar.WorkingMinutesBetween(t.a, t.c))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Between_ReturnsWorkingTime()
    {
        Assert.Equal(WorkingTime.FromMinutes(480 + 120), Calendar.Between(Some.Local(2025, 3, 3, 9), Some.Local(2025, 3, 4, 11)));
    }
}
