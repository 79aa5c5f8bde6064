using System.Text.Encodings.Web;
using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>A started clock's event is written by hand (<see cref="ClockJsonWriter.ClockStartedBytes"/>) with exactly
/// the bytes of the polymorphic source-generated serializer, for every kind, unit and level, every instant shape, and
/// the texts and values that send it back to the generated serializer.</summary>
public class ClockStartedJsonTests
{
    private static readonly EngineJsonContext Reference = new(new JsonSerializerOptions(EngineJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly DateTimeOffset At = new(2025, 9, 22, 9, 30, 15, 123, TimeSpan.FromHours(8));

    private static void AssertSameBytes(CaseEvent e)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent);
        var actual = JsonBytes.SerializeEvent(e);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PropertyNames_AreTheGeneratedMetadatasInOrder()
    {
        Assert.Equal(Written(EngineJsonContext.Default.ClockStarted.Properties), ClockJsonWriter.ClockStartedPropertyNames);
        Assert.Equal(Written(EngineJsonContext.Default.ThresholdPlan.Properties), ClockJsonWriter.ThresholdPlanPropertyNames);

        static string[] Written(IList<System.Text.Json.Serialization.Metadata.JsonPropertyInfo> properties) =>
            [.. properties.Where(p => p.Get is not null && p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false) != true)
                .OrderBy(p => p.Order).Select(p => p.Name)];
    }

    [Fact]
    public void ClockStarted_ReadBack_KeepsItsLimit()
    {
        // Replay and a restored snapshot read limits through the generated metadata; a TimeAmount whose properties it
        // cannot set reads back as 0 of the first unit, and the clock's public view then quotes that limit.
        foreach (var unit in Enum.GetValues<TimeUnit>())
        {
            var e = new ClockStarted("decision#3", ClockKind.Decision, -1, null, new TimeAmount(20, unit), At, At.AddDays(28), 9600, false, []);
            var read = (ClockStarted)JsonSerializer.Deserialize(JsonBytes.SerializeEvent(e), EngineJsonContext.Default.CaseEvent)!;
            Assert.Equal(new TimeAmount(20, unit), read.Limit);
        }
    }

    [Fact]
    public void ClockStarted_EveryKindUnitAndLevel_SameBytesAndHandWritten()
    {
        var kinds = Enum.GetValues<ClockKind>();
        var units = Enum.GetValues<TimeUnit>();
        var levels = Enum.GetValues<AlertLevel>();
        var prefix = "{\"type\":\"clock.started.v1\""u8.ToArray();
        for (var k = 0; k < kinds.Length * units.Length; k++)
        {
            var thresholds = new List<ThresholdPlan>();
            for (var t = 0; t < k % 5; t++) thresholds.Add(new ThresholdPlan(t == 0 ? "due" : "w" + t, levels[(k + t) % levels.Length], At.AddHours(t * 3)));
            var e = new ClockStarted("step:s_" + k + "#" + (k + 1), kinds[k % kinds.Length], k % 4 - 1, k % 2 == 0 ? null : "s_" + k,
                new TimeAmount(k * 3 - 5, units[k / kinds.Length]), At.AddMinutes(k), At.AddDays(k).ToOffset(TimeSpan.FromHours(k % 5 - 2)),
                480L * k - 7, k % 3 == 0, thresholds);
            AssertSameBytes(e);
            Assert.NotNull(ClockJsonWriter.ClockStartedBytes(e, prefix));
        }
    }

    [Fact]
    public void ClockStarted_InstantsOfEveryShape_SameBytes()
    {
        DateTimeOffset[] instants =
        [
            new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(8)), At.AddTicks(1), At.AddTicks(10),
            At.AddTicks(1234567 - 123 * TimeSpan.TicksPerMillisecond), new(1, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue,
            new(2026, 3, 4, 5, 6, 7, TimeSpan.FromMinutes(-(9 * 60 + 30))), new(2026, 3, 4, 5, 6, 7, TimeSpan.FromMinutes(345)),
        ];
        foreach (var a in instants)
        {
            foreach (var b in instants)
            {
                AssertSameBytes(new ClockStarted("decision#2", ClockKind.Decision, -1, null, new TimeAmount(20, TimeUnit.Workdays), a, b, 9600, false,
                    [new ThresholdPlan("due", AlertLevel.Red, b), new ThresholdPlan("y", AlertLevel.Yellow, a)]));
            }
        }
    }

    [Fact]
    public void ClockStarted_ExtremeNumbersAndEmptyTexts_SameBytes()
    {
        AssertSameBytes(new ClockStarted("", ClockKind.SpecialProcedure, int.MinValue, "", new TimeAmount(int.MinValue, TimeUnit.Days),
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, long.MinValue, true, [new ThresholdPlan("", AlertLevel.Reminder, DateTimeOffset.MaxValue)]));
        AssertSameBytes(new ClockStarted("x", ClockKind.PendingMaterials, int.MaxValue, null, new TimeAmount(int.MaxValue, TimeUnit.Hours),
            At, At, long.MaxValue, false, []));
    }

    [Theory]
    [InlineData("步骤")]
    [InlineData("a\"b")]
    [InlineData("a<b>&'c+")]
    [InlineData("tab\there")]
    [InlineData("x\u007f")]
    public void ClockStarted_TextsThatNeedTheWriter_SameBytesThroughTheGeneratedSerializer(string odd)
    {
        var prefix = "{\"type\":\"clock.started.v1\""u8.ToArray();
        ClockStarted[] events =
        [
            new(odd, ClockKind.Step, 2, "s", new TimeAmount(1, TimeUnit.Days), At, At, 1, false, []),
            new("c", ClockKind.Step, 2, odd, new TimeAmount(1, TimeUnit.Days), At, At, 1, false, []),
            new("c", ClockKind.Step, 2, "s", new TimeAmount(1, TimeUnit.Days), At, At, 1, false, [new ThresholdPlan(odd, AlertLevel.Red, At)]),
        ];
        foreach (var e in events)
        {
            Assert.Null(ClockJsonWriter.ClockStartedBytes(e, prefix));
            AssertSameBytes(e);
        }
    }

    [Fact]
    public void ClockStarted_NullsAndValuesWithoutNames_SameBytesThroughTheGeneratedSerializer()
    {
        var prefix = "{\"type\":\"clock.started.v1\""u8.ToArray();
        ClockStarted[] events =
        [
            new(null!, ClockKind.Decision, 0, null, default, At, At, 0, false, []),
            new("c", ClockKind.Decision, 0, null, default, At, At, 0, false, null!),
            new("c", (ClockKind)40, 0, null, default, At, At, 0, false, []),
            new("c", ClockKind.Decision, 0, null, new TimeAmount(1, (TimeUnit)17), At, At, 0, false, []),
            new("c", ClockKind.Decision, 0, null, default, At, At, 0, false, [new ThresholdPlan("t", (AlertLevel)8, At)]),
            new("c", ClockKind.Decision, 0, null, default, At, At, 0, false, [new ThresholdPlan(null!, AlertLevel.Red, At)]),
        ];
        foreach (var e in events)
        {
            Assert.Null(ClockJsonWriter.ClockStartedBytes(e, prefix));
            AssertSameBytes(e);
        }
    }

    [Fact]
    public void ClockStarted_ManyThresholds_SameBytes()
    {
        var thresholds = Enumerable.Range(0, 40).Select(t => new ThresholdPlan("warning-" + new string('w', t * 3), (AlertLevel)(t % 3), At.AddMinutes(t))).ToList();
        AssertSameBytes(new ClockStarted("decision#" + new string('9', 300), ClockKind.Decision, 1, new string('s', 500), new TimeAmount(1, TimeUnit.Days), At, At, 1, true, thresholds));
    }
}
