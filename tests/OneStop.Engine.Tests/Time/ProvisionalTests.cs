using Microsoft.Extensions.Logging;
using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Years without holiday data fall back to Monday–Friday, flagged and logged.</summary>
public class ProvisionalTests
{
    [Fact]
    public void Add_Into2027_MondayToFridayAndProvisional()
    {
        var logger = new ListLogger();
        var calendar = WorkingCalendar.CreateDefault(logger);
        // Thu 2026-12-31 + 1 workday → Fri 2027-01-01 (no data: a plain Friday).
        var due = calendar.Add(Some.Local(2026, 12, 31, 10), TimeAmount.Workdays(1));
        Assert.Equal(Some.Local(2027, 1, 1, 17), due.Instant);
        Assert.True(due.IsProvisional);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("2027", warning.Message);
    }

    [Fact]
    public void Add_Before2020_ProvisionalAndWarnedOncePerYear()
    {
        var logger = new ListLogger();
        var calendar = WorkingCalendar.CreateDefault(logger);
        var first = calendar.Add(Some.Local(2019, 12, 2, 10), TimeAmount.Workdays(3));
        var second = calendar.Add(Some.Local(2019, 12, 9, 10), TimeAmount.Workdays(3));
        Assert.Equal(Some.Local(2019, 12, 5, 17), first.Instant);
        Assert.True(first.IsProvisional && second.IsProvisional);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void Add_CrossingIntoCoveredYear_StillProvisional()
    {
        // Starting day 2019-12-31 lies in an uncovered year even though the due day does not.
        Assert.True(Some.Calendar.Add(Some.Local(2019, 12, 31, 10), TimeAmount.Workdays(1)).IsProvisional);
        Assert.False(Some.Calendar.Add(Some.Local(2020, 1, 2, 10), TimeAmount.Workdays(1)).IsProvisional);
    }

    [Fact]
    public void Add_FarFuture_MondayToFriday()
    {
        var due = Some.Calendar.Add(Some.Local(2100, 1, 1, 10), TimeAmount.Workdays(10)); // Friday
        Assert.Equal(Some.Local(2100, 1, 15, 17), due.Instant);
        Assert.True(due.IsProvisional);
    }

    [Fact]
    public void Add_Hours_NeverProvisional()
    {
        Assert.False(Some.Calendar.Add(Some.Local(2030, 1, 1), new TimeAmount(5, TimeUnit.Hours)).IsProvisional);
    }

    [Fact]
    public void IsProvisional_SpanTouchingUncoveredYear_True()
    {
        Assert.True(Some.Calendar.IsProvisional(Some.Local(2026, 12, 1), Some.Local(2027, 1, 4)));
        Assert.False(Some.Calendar.IsProvisional(Some.Local(2026, 12, 1), Some.Local(2026, 12, 31, 23)));
        Assert.Equal(480, Some.Calendar.WorkingMinutesBetween(Some.Local(2027, 1, 1, 9), Some.Local(2027, 1, 4, 9)));
    }
}
