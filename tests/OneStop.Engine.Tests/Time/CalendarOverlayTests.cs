using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Operator files dropped in the overlay directory.</summary>
public class CalendarOverlayTests
{
    private const string Year2027 = """
        {
          "format": 1,
          "name": "cn",
          "kind": "national",
          "years": {
            "2027": { "off": ["2027-01-01", "2027-10-01", "2027-10-04"], "work": ["2027-10-09"] }
          }
        }
        """;

    private static WorkingCalendar LoadWith(params (string Name, string Text)[] files)
    {
        using var dir = Some.TempDirectory();
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir.Path, name), text);
        return WorkingCalendar.Load(new CalendarOptions { OverlayDirectory = dir.Path });
    }

    private static CalendarException LoadFails(string text, string name = "bad.json") =>
        Assert.Throws<CalendarException>(() => LoadWith((name, text)));

    [Fact]
    public void Load_OverlayAddsYear_YearCoveredAndNotProvisional()
    {
        var calendar = LoadWith(("2027.json", Year2027));
        Assert.True(calendar.Covers(2027));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 10, 4)));  // a Monday off
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 10, 9)));   // a Saturday worked
        var due = calendar.Add(Some.Local(2027, 9, 30, 10), TimeAmount.Workdays(2)); // Fri 1 off, Mon 4 off → Tue 5, Wed 6
        Assert.Equal(Some.Local(2027, 10, 6, 17), due.Instant);
        Assert.False(due.IsProvisional);
        Assert.True(Some.Calendar.Add(Some.Local(2027, 9, 30, 10), TimeAmount.Workdays(2)).IsProvisional);
    }

    [Fact]
    public void Load_RegionalOverlay_AdjustsDaysWithoutCoveringYear()
    {
        const string regional = """
            {
              "format": 1, "name": "某市", "kind": "regional",
              "years": {
                "2025": { "off": ["2025-03-05"], "work": ["2025-03-08"] },
                "2027": { "off": ["2027-03-05"] }
              }
            }
            """;
        var calendar = LoadWith(("zz-region.json", regional));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 3, 5)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 3, 8)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 3, 5)));
        Assert.False(calendar.Covers(2027));
        // Mon 2025-03-03 + 3 workdays: Tue 4, (Wed 5 off), Thu 6, Fri 7.
        Assert.Equal(Some.Local(2025, 3, 7, 17), calendar.Add(Some.Local(2025, 3, 3, 10), TimeAmount.Workdays(3)).Instant);
    }

    [Fact]
    public void Load_LaterFileWins()
    {
        const string a = """{ "format": 1, "kind": "regional", "years": { "2025": { "off": ["2025-03-05"] } } }""";
        const string b = """{ "format": 1, "kind": "regional", "years": { "2025": { "work": ["2025-03-05"] } } }""";
        Assert.True(LoadWith(("a.json", a), ("b.json", b)).IsWorkingDay(new DateOnly(2025, 3, 5)));
        Assert.False(LoadWith(("b.json", a), ("a.json", b)).IsWorkingDay(new DateOnly(2025, 3, 5)));
    }

    [Fact]
    public void Load_NonJsonFiles_Ignored()
    {
        var calendar = LoadWith(("README.txt", "not a calendar"));
        Assert.Equal(Some.Calendar.CoveredYears, calendar.CoveredYears);
    }

    [Fact]
    public void Load_BrokenJson_ErrorNamesFileLineAndColumn()
    {
        var ex = LoadFails("{\n  \"format\": 1,\n  \"years\": { \"2027\": { \"off\": [\"2027-01-01\" \"2027-01-02\"] } }\n}");
        Assert.EndsWith("bad.json", ex.File);
        Assert.Equal(3, ex.Line);
        Assert.NotNull(ex.Column);
        Assert.Contains("bad.json:3:", ex.Message);
    }

    [Fact]
    public void Load_BadDate_ErrorPointsAtTheDate()
    {
        var ex = LoadFails("{\n  \"format\": 1,\n  \"years\": {\n    \"2027\": { \"off\": [\"2027-02-30\"] }\n  }\n}");
        Assert.Equal(4, ex.Line);
        Assert.Equal(23, ex.Column);
        Assert.Contains("yyyy-MM-dd", ex.Reason);
    }

    [Fact]
    public void Load_ColumnCountsCharactersNotBytes()
    {
        var ex = LoadFails("{ \"format\": 1, \"name\": \"深圳\", \"years\": { \"2027\": { \"off\": [1] } } }");
        Assert.Equal(1, ex.Line);
        Assert.Equal(59, ex.Column);
    }

    [Theory]
    [InlineData("""{ "format": 1, "years": { "2027": { "off": ["2026-12-31"] } } }""", "listed under year 2027")]
    [InlineData("""{ "format": 1, "years": { "2027": { "off": ["2027-01-01"], "work": ["2027-01-01"] } } }""", "both")]
    [InlineData("""{ "format": 1, "years": { "27": { } } }""", "four-digit year")]
    [InlineData("""{ "format": 1, "years": { "2027": { "holidays": [] } } }""", "unknown property \"holidays\"")]
    [InlineData("""{ "format": 2, "years": { } }""", "\"format\" must be 1")]
    [InlineData("""{ "years": { } }""", "missing \"format\"")]
    [InlineData("""{ "format": 1, "kind": "city", "years": { } }""", "\"kind\"")]
    [InlineData("""[]""", "JSON object")]
    [InlineData("""{ "format": 1, "years": { "2027": {}, "2027": {} } }""", "listed twice")]
    public void Load_InvalidFile_TypedError(string text, string reasonPart)
    {
        var ex = LoadFails(text);
        Assert.Contains(reasonPart, ex.Reason);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Load_OneBadFileAmongGood_FailsWholeLoad()
    {
        using var dir = Some.TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "a-2027.json"), Year2027);
        File.WriteAllText(Path.Combine(dir.Path, "b-bad.json"), "{ \"format\": 1, \"years\": ");
        var ex = Assert.Throws<CalendarException>(() => WorkingCalendar.Load(new CalendarOptions { OverlayDirectory = dir.Path }));
        Assert.EndsWith("b-bad.json", ex.File);
    }

    [Fact]
    public void Load_MissingDirectory_Throws()
    {
        var ex = Assert.Throws<CalendarException>(() => WorkingCalendar.Load(new CalendarOptions { OverlayDirectory = "/nonexistent/onestop-cal" }));
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Load_BadOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<CalendarException>(() => WorkingCalendar.Load(new CalendarOptions
        {
            OfficeOpen = new TimeOnly(18, 0),
            OfficeClose = new TimeOnly(9, 0),
            TimeZoneId = "Mars/Olympus_Mons",
        }));
        Assert.Contains("OfficeClose", ex.Message);
        Assert.Contains("Mars/Olympus_Mons", ex.Message);
        Assert.Null(ex.File);
    }

    [Fact]
    public void Load_CustomOfficeHoursAndZone_Used()
    {
        var calendar = WorkingCalendar.Load(new CalendarOptions
        {
            OfficeOpen = new TimeOnly(8, 30),
            OfficeClose = new TimeOnly(17, 30),
            TimeZoneId = "Asia/Urumqi",
        });
        Assert.Equal(540, calendar.MinutesPerWorkday);
        var due = calendar.Add(new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(6)), TimeAmount.Workdays(1));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 17, 30, 0, TimeSpan.FromHours(6)), due.Instant);
    }
}
