using System.Text;
using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Clocks;

namespace OneStop.Engine.Tests.Clocks;

/// <summary>The hand-written deadline payload writer and reader (<see cref="DeadlineEventJson"/>) give the bytes and the
/// values of the generated serializer, and leave anything unexpected to it (same value or same error).</summary>
public class DeadlineEventJsonTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 22, 9, 30, 15, 123, TimeSpan.FromHours(8));

    private static DeadlineEvent Sample(int k) => new()
    {
        EventId = "deadline:ZX-" + k + ":decision#3:due", CaseNumber = "ZX-" + k, ItemCode = "item-" + k, ItemName = k % 3 == 0 ? null : "建设工程<规划>许可 \"A\" & 'B' " + k,
        Department = k % 4 == 0 ? null : "规划局", ClockId = "step:review#" + k, Clock = Enum.GetValues<ClockKind>()[k % Enum.GetValues<ClockKind>().Length],
        StepId = k % 2 == 0 ? null : "review\t" + k, ThresholdId = k % 5 == 0 ? "due" : "w" + k, Level = (AlertLevel)(k % 3), IsTimeout = k % 2 == 0,
        DueAt = At.AddDays(k).ToOffset(TimeSpan.FromHours(k % 5 - 2)), ThresholdAt = At.AddTicks(k * 1234567), FiredAt = k % 7 == 0 ? DateTimeOffset.MaxValue : At.AddMinutes(-k),
        Remaining = WorkingTime.FromMinutes(k * 37 - 500), RemainingText = k % 6 == 0 ? "" : "剩余 " + k + " 个工作日", IsProvisional = k % 3 == 1,
        Assignees = k % 4 == 0 ? [] : [.. Enumerable.Range(0, k % 4).Select(a => "张" + a)], Roles = k % 5 == 0 ? [] : ["窗口", "科长" + k],
        Outcome = Enum.GetValues<DeadlineOutcome>()[k % Enum.GetValues<DeadlineOutcome>().Length], EscalatedTo = k % 2 == 0 ? null : "处长",
    };

    private static void AssertSameEvent(DeadlineEvent expected, DeadlineEvent? actual)
    {
        Assert.NotNull(actual);
        // The generated writer's bytes say every member; the lists are compared as well (records compare them by reference).
        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(expected, ClockJsonContext.Default.DeadlineEvent)),
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(actual, ClockJsonContext.Default.DeadlineEvent)));
        Assert.Equal(expected.Assignees, actual.Assignees);
        Assert.Equal(expected.Roles, actual.Roles);
        Assert.Equal(expected with { Assignees = actual.Assignees, Roles = actual.Roles }, actual);
    }

    [Fact]
    public void PropertyNames_AreTheGeneratedMetadatasInOrder()
    {
        var generated = ClockJsonContext.Default.DeadlineEvent.Properties.OrderBy(p => p.Order).Select(p => p.Name).ToArray();
        Assert.Equal(generated, DeadlineEventJson.PropertyNames);
        Assert.Equal(["minutes", "isNegative"], ClockJsonContext.Default.WorkingTime.Properties.OrderBy(p => p.Order).Select(p => p.Name));
    }

    [Fact]
    public void Serialize_ManyEvents_SameBytesAsGenerated_AndReadBackTheSame()
    {
        for (var k = 0; k < 120; k++)
        {
            var e = Sample(k);
            var expected = JsonSerializer.SerializeToUtf8Bytes(e, ClockJsonContext.Default.DeadlineEvent);
            var actual = DeadlineEventJson.Serialize(e);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
            Assert.Equal(expected, actual);
            AssertSameEvent(JsonSerializer.Deserialize(expected, ClockJsonContext.Default.DeadlineEvent)!, DeadlineEventJson.Deserialize(expected));
            AssertSameEvent(e, DeadlineEventJson.Deserialize(expected));
        }
    }

    [Fact]
    public void Serialize_NullsAndValuesWithoutNames_SameBytesAsGenerated()
    {
        DeadlineEvent[] events =
        [
            Sample(1) with { EventId = null!, CaseNumber = null!, RemainingText = null!, Assignees = null!, Roles = ["a", null!] },
            Sample(2) with { Clock = (ClockKind)40 },
            Sample(3) with { Level = (AlertLevel)8 },
            Sample(4) with { Outcome = (DeadlineOutcome)(-1) },
            Sample(5) with { Remaining = WorkingTime.FromMinutes(long.MinValue), DueAt = DateTimeOffset.MinValue },
        ];
        foreach (var e in events)
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(e, ClockJsonContext.Default.DeadlineEvent);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(DeadlineEventJson.Serialize(e)));
        }
    }

    public static TheoryData<string> OddPayloads() => new()
    {
        // Not ours: each goes to the generated reader, whose value (or error) the hand-written one must give.
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","unknown":[1,{"a":2}],"level":"Red"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","level":2,"clock":"decision","outcome":"warned"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","itemName":null,"assignees":["a",null],"roles":null}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","eventId":"f"}""",
        """{"\u0065ventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","level":"\u0052ed"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","remaining":{"minutes":-5}}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","remaining":{"isNegative":true,"minutes":7,"x":1}}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","remaining":{}}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","dueAt":"2025-09-22","firedAt":"2025-09-22T10:00:00Z"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","remainingText":"\u8d85\u65f6"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":null}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t"} """,
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t"}{}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t",}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","isTimeout":"true"}""",
        """{"eventId":"e","caseNumber":"c","itemCode":"i","clockId":"k","thresholdId":"t","remaining":{"minutes":1.5}}""",
        """[1]""",
        """null""",
        """{"eventId":"e",""",
    };

    [Theory]
    [MemberData(nameof(OddPayloads))]
    public void Deserialize_OddPayloads_SameValueOrSameErrorAsGenerated(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        DeadlineEvent? expected;
        try
        {
            expected = JsonSerializer.Deserialize(bytes, ClockJsonContext.Default.DeadlineEvent);
        }
        catch (Exception ex)
        {
            var actualError = Assert.ThrowsAny<Exception>(() => DeadlineEventJson.Deserialize(bytes));
            Assert.Equal(ex.GetType(), actualError.GetType());
            return;
        }
        var actual = DeadlineEventJson.Deserialize(bytes);
        if (expected is null) Assert.Null(actual);
        else AssertSameEvent(expected, actual);
    }
}
