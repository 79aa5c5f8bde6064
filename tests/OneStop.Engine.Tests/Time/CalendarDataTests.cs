using System.Text.Json;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>The embedded calendar agrees with the State Council notices as transcribed in the shared data.</summary>
public class CalendarDataTests
{
    /// <summary>Every listed day of every notice file 2020–2026, read straight from the shared JSON.</summary>
    public static TheoryData<string, bool, int> SourceDays()
    {
        var data = new TheoryData<string, bool, int>();
        for (var year = 2020; year <= 2026; year++)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Some.HolidaySourceDirectory(), $"{year}.json")));
            foreach (var day in doc.RootElement.GetProperty("days").EnumerateArray())
                data.Add(day.GetProperty("date").GetString()!, day.GetProperty("isOffDay").GetBoolean(), year);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceDays))]
    public void IsWorkingDay_SourceDay_MatchesNotice(string date, bool isOffDay, int noticeYear)
    {
        Assert.True(Some.Calendar.IsWorkingDay(Some.Date(date)) == !isOffDay, $"{date} from the {noticeYear} notice");
    }

    [Fact]
    public void IsWorkingDay_EveryDay2020To2026_IsWeekdayUnlessListed()
    {
        var listed = SourceDays().ToDictionary(row => (string)row[0], row => (bool)row[1]);
        var checkedDays = 0;
        for (var d = new DateOnly(2020, 1, 1); d <= new DateOnly(2026, 12, 31); d = d.AddDays(1))
        {
            var iso = d.ToString("yyyy-MM-dd");
            var expected = listed.TryGetValue(iso, out var off) ? !off : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            Assert.True(expected == Some.Calendar.IsWorkingDay(d), iso);
            checkedDays++;
        }

        Assert.Equal(2557, checkedDays);
    }

    [Fact]
    public void SourceDays_IncludeADecemberDateFromTheNextNotice()
    {
        // The 2023 notice moves 2022-12-31; the conversion must not lose it.
        Assert.Contains(SourceDays(), row => (string)row[0] == "2022-12-31" && (int)row[2] == 2023);
        Assert.False(Some.Calendar.IsWorkingDay(new DateOnly(2022, 12, 31)));
    }

    [Fact]
    public void CoveredYears_Embedded_Are2020To2026()
    {
        Assert.Equal(Enumerable.Range(2020, 7), Some.Calendar.CoveredYears);
        Assert.True(Some.Calendar.Covers(2025));
        Assert.False(Some.Calendar.Covers(2019));
        Assert.False(Some.Calendar.Covers(2027));
    }

    [Fact]
    public void IsWorkingDay_MakeUpSunday_IsWorking()
    {
        Assert.Equal(DayOfWeek.Sunday, new DateOnly(2025, 9, 28).DayOfWeek);
        Assert.True(Some.Calendar.IsWorkingDay(new DateOnly(2025, 9, 28)));
        Assert.False(Some.Calendar.IsWorkingDay(new DateOnly(2025, 10, 1)));
    }
}
