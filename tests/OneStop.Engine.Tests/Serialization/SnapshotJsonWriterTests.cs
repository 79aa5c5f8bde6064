using System.Text.Encodings.Web;
using System.Text.Json;
using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Clocks;
using OneStop.Engine.Evaluations;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>The hand-written snapshot writer writes exactly the bytes of the source-generated serializer (with the
/// store's relaxed escaping), for every property, value and edge the snapshot has. <see cref="TestHost.Json"/> checks
/// the same for every snapshot the engine tests look at.</summary>
public class SnapshotJsonWriterTests
{
    private static readonly EngineJsonContext Reference = new(new JsonSerializerOptions(EngineJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Asserts the writer's bytes equal the generated serializer's for <paramref name="s"/>.</summary>
    internal static void AssertSameBytes(CaseSnapshot s)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(s, Reference.CaseSnapshot);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeSnapshot(s)));
        Assert.Equal(expected, JsonBytes.SerializeSnapshot(s));
        var target = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(target, "prefix"u8);
        JsonBytes.SerializeSnapshotTo(s, target);
        Assert.Equal([.. "prefix"u8.ToArray(), .. expected], target.WrittenSpan.ToArray());
    }

    [Fact]
    public void PropertyNames_AreTheGeneratedMetadatasInOrder()
    {
        // Ignored properties ([JsonIgnore]) stay in the metadata but are never written.
        var generated = EngineJsonContext.Default.CaseSnapshot.Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false) != true)
            .OrderBy(p => p.Order).Select(p => p.Name).ToArray();

        Assert.Equal(generated, SnapshotJsonWriter.PropertyNames);
    }

    [Fact]
    public void ClockPropertyNames_AreTheGeneratedMetadatasInOrder()
    {
        Assert.Equal(Written(EngineJsonContext.Default.ClockState.Properties), ClockJsonWriter.ClockPropertyNames);
        Assert.Equal(Written(EngineJsonContext.Default.ThresholdState.Properties), ClockJsonWriter.ThresholdPropertyNames);
        // A limit's shape is its converter's (TimeAmountJsonConverter), the one the hand writer writes.
        Assert.IsType<TimeAmountJsonConverter>(EngineJsonContext.Default.ClockState.Properties.Single(p => p.Name == "limit").CustomConverter);
        Assert.Equal("""{"value":20,"unit":"Workdays"}""",
            JsonSerializer.Serialize(TimeAmount.Workdays(20), new JsonSerializerOptions { Converters = { new TimeAmountJsonConverter() } }));

        static string[] Written(IList<System.Text.Json.Serialization.Metadata.JsonPropertyInfo> properties) =>
            // Always-ignored properties are never written; those ignored only at their default are written otherwise.
            [.. properties.Where(p => p.Get is not null && (p.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false)
                    .Cast<System.Text.Json.Serialization.JsonIgnoreAttribute>().SingleOrDefault()?.Condition ?? System.Text.Json.Serialization.JsonIgnoreCondition.Never)
                    != System.Text.Json.Serialization.JsonIgnoreCondition.Always)
                .OrderBy(p => p.Order).Select(p => p.Name)];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_ClocksOfEveryKindStatusUnitAndLevel_SameBytes(bool plainTexts)
    {
        var at = new DateTimeOffset(2025, 9, 22, 9, 30, 15, 123, TimeSpan.FromHours(8));
        var s = new CaseSnapshot { CaseNumber = "X-3", Clocks = [] };
        var kinds = Enum.GetValues<ClockKind>();
        var statuses = Enum.GetValues<ClockStatus>();
        var units = Enum.GetValues<TimeUnit>();
        var levels = Enum.GetValues<AlertLevel>();
        for (var k = 0; k < kinds.Length * statuses.Length; k++)
        {
            var clock = new ClockState
            {
                Id = "c#" + k, Kind = kinds[k % kinds.Length], Node = k % 3 - 1, StepId = k % 2 == 0 ? null : (plainTexts ? "step_" : "步骤") + k,
                Limit = new TimeAmount(k, units[k % units.Length]), StartedAt = at.AddMinutes(k), DueAt = at.AddDays(k).ToOffset(TimeSpan.FromHours(k % 5 - 2)),
                BudgetMinutes = 480L * k, Provisional = k % 3 == 0, Status = statuses[k / kinds.Length], Extended = k % 4 == 1,
                PausedAt = k % 2 == 0 ? at.AddHours(k) : null, PausedMinutes = k * 7, StoppedAt = k % 3 == 1 ? at.AddDays(1).ToUniversalTime() : null,
                StopReason = k % 3 == 1 ? (plainTexts ? "step-finished: a/b.c #1" : "step-finished \"x\" 完成") : null,
                Thresholds = [],
            };
            for (var t = 0; t < k % 5; t++)
            {
                clock.Thresholds.Add(new ThresholdState
                {
                    Id = t == 0 ? ThresholdState.DueId : "w" + t + "-yellow", Level = levels[(k + t) % levels.Length], At = at.AddHours(t + k),
                    FiredAt = t % 2 == 1 ? at.AddHours(t + k).AddSeconds(1) : null,
                });
            }
            s.Clocks.Add(clock);
        }

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_ClockInstantsOfEveryShape_SameBytes()
    {
        // Fractions of every length (trailing zeros trimmed, none written when zero), offsets east, west, zero and
        // not whole hours, and the ends of the range.
        var instants = new List<DateTimeOffset> { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch };
        var random = new Random(7);
        int[] offsets = [0, 480, -300, 345, -570, 840, -720, 1];
        for (var k = 0; k < 400; k++)
        {
            var ticks = random.NextInt64(TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            ticks -= ticks % (long)Math.Pow(10, k % 8);
            instants.Add(new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsets[k % offsets.Length])));
        }
        var s = new CaseSnapshot { Clocks = [] };
        for (var k = 0; k + 3 < instants.Count; k += 4)
        {
            s.Clocks.Add(new ClockState
            {
                Id = "c#" + k, StartedAt = instants[k], DueAt = instants[k + 1], PausedAt = instants[k + 2], StoppedAt = instants[k + 3],
                Thresholds = [new ThresholdState { Id = "w0-reminder", At = instants[k + 3], FiredAt = instants[k] }, new ThresholdState { Id = "due", At = instants[k + 1] }],
            });
        }

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_ClocksAtTheirLongest_SameBytes()
    {
        // Every optional value present, the longest enum names and numbers, instants with a 7-digit fraction and a
        // negative offset, empty texts: the raw buffer's room is taken by the fixed parts alone.
        var at = new DateTimeOffset(new DateTime(9998, 12, 31, 23, 59, 59).AddTicks(1_234_567), TimeSpan.FromMinutes(-(13 * 60 + 59)));
        // Every count of clocks and thresholds: the buffer is exactly the bound's size below the stack limit, pooled above it.
        for (var clocks = 1; clocks <= 3; clocks++)
        {
            for (var thresholds = 0; thresholds <= 12; thresholds++)
            {
                var s = new CaseSnapshot { Clocks = [] };
                for (var k = 0; k < clocks; k++)
                {
                    var clock = new ClockState
                    {
                        Id = "", Kind = k % 2 == 0 ? ClockKind.SpecialProcedure : ClockKind.PendingMaterials, Node = int.MinValue, StepId = "",
                        Limit = new TimeAmount(int.MinValue, TimeUnit.Workhours), StartedAt = at, DueAt = at, BudgetMinutes = long.MinValue, Provisional = false,
                        Status = ClockStatus.Running, PausedAt = at, PausedMinutes = long.MinValue, Extended = false, StoppedAt = at, StopReason = "", Thresholds = [],
                    };
                    for (var t = 0; t < thresholds; t++) clock.Thresholds.Add(new ThresholdState { Id = "", Level = AlertLevel.Reminder, At = at, FiredAt = at });
                    s.Clocks.Add(clock);
                }

                AssertSameBytes(s);
            }
        }
    }

    [Fact]
    public void Write_OneClockNeedsTheWriter_AllClocksSameBytes()
    {
        var at = new DateTimeOffset(2025, 9, 22, 9, 30, 0, TimeSpan.FromHours(8));
        foreach (var odd in new[] { "<tag>", "a\"b", "back\\slash", "tab\t", "a+b", "步骤", "emoji \U0001F600" })
        {
            var s = new CaseSnapshot
            {
                Clocks =
                [
                    new ClockState { Id = "decision#4", StartedAt = at, DueAt = at.AddDays(28), Thresholds = [new ThresholdState { Id = "due", At = at }] },
                    new ClockState { Id = "step:" + odd + "#9", StepId = odd, StopReason = odd, StartedAt = at, DueAt = at },
                    new ClockState { Id = "x", StartedAt = at, DueAt = at, Thresholds = [new ThresholdState { Id = odd, At = at }] },
                ],
            };

            AssertSameBytes(s);
        }
    }

    [Fact]
    public void Write_ClocksWithNullsAndValuesWithoutNames_SameBytes()
    {
        var s = new CaseSnapshot
        {
            Clocks =
            [
                new ClockState(),
                null!,
                new ClockState
                {
                    Id = null!, Kind = (ClockKind)40, Status = (ClockStatus)9, Limit = new TimeAmount(int.MaxValue, (TimeUnit)17), Thresholds = null!,
                    Node = int.MinValue, BudgetMinutes = long.MinValue, PausedMinutes = long.MaxValue,
                },
                new ClockState { Thresholds = [null!, new ThresholdState { Id = null!, Level = (AlertLevel)8 }, new ThresholdState()] },
            ],
        };

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_EmptyAndFilingSnapshots_SameBytes()
    {
        AssertSameBytes(new CaseSnapshot());
        AssertSameBytes(CaseSnapshot.Filing("X-1"));
    }

    [Fact]
    public void Write_EveryPropertySet_SameBytes()
    {
        var at = new DateTimeOffset(2025, 9, 22, 9, 30, 15, 123, TimeSpan.FromHours(8));
        var s = new CaseSnapshot
        {
            Schema = 3,
            CaseNumber = "2025-000201005000-000001",
            ItemCode = "000201005000",
            ItemVersion = 12,
            ContentHash = "sha256:abc\"def",
            Department = "市市场监督管理局",
            Kind = ItemKind.Joint,
            Applicant = "张三 <代办>",
            ParentCase = "P-1",
            ParentNode = 4,
            ParentToken = long.MaxValue,
            State = CaseState.Suspended,
            Outcome = CaseOutcome.DeemedApproved,
            Version = 4_000_000_000L,
            SubmittedAt = at,
            UpdatedAt = at.AddTicks(1),
            AcceptedAt = at.ToUniversalTime(),
            DecidedAt = at.AddDays(3).ToOffset(TimeSpan.FromHours(-5)),
            ConcludedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            CorrectionNotices = 2,
            PendingMaterials = ["report", "证照"],
            PendingDue = new DateOnly(2025, 10, 9),
            Extended = true,
            SuspendedFor = SpecialProcedureKind.Tendering,
            Fee = 1234.50m,
            Returns = 7,
            NextTask = 42,
            Status = [NodeStatus.Pending, NodeStatus.Active, NodeStatus.Approved, NodeStatus.Denied, NodeStatus.Skipped, NodeStatus.Cancelled],
            Cursor = [0, -1, int.MaxValue, int.MinValue, 10, 5],
            Approve = [1, 2, 3, 0, 0, 9],
            Deny = [0, 0, 0, 1, 0, 0],
            Abstain = [0, 3, 0, 0, 0, 0],
            Done = [0, 15, long.MinValue, long.MaxValue, -1, 1L << 40],
            Token = [0, 0, 0, 0, 88, 0],
        };
        s.Form["stage"] = "formal";
        s.Form["名称"] = "某某\n有限公司";
        s.Materials.Add("report");
        s.Tasks.Add(new TaskState { Id = "X/1", Node = 1, Seat = 2, Role = "窗口", Department = "甲局", Assignee = "李四", CreatedAt = at, Then = ["王五"] });
        s.Tasks.Add(new TaskState { Id = "X/2", Node = 3 });
        s.Clocks =
        [
            new ClockState
            {
                Id = "decision", Kind = ClockKind.Decision, Node = -1, StepId = "sa", Limit = new TimeAmount(20, TimeUnit.Workdays), StartedAt = at, DueAt = at.AddDays(28),
                BudgetMinutes = 9600, Provisional = true, Status = ClockStatus.Paused, PausedAt = at.AddHours(1), PausedMinutes = 30, Extended = true,
                StoppedAt = at.AddDays(2), StopReason = "听证",
                Thresholds = [new ThresholdState { Id = "yellow", Level = AlertLevel.Yellow, At = at.AddDays(20), FiredAt = at.AddDays(20).AddMinutes(1) }],
            },
        ];
        s.Evaluations =
        [
            new EvaluationState { Channel = EvaluationChannel.Window, Rating = 2, At = at, Comment = "慢", ContactDue = at.AddDays(1), RectifyDue = at.AddDays(10), ContactedAt = at.AddHours(5), RectifiedAt = at.AddDays(4) },
        ];

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_NullablesAndListsUnset_SameBytes()
    {
        var s = new CaseSnapshot { CaseNumber = "X-2", Outcome = null, Clocks = [], Evaluations = [], Status = [], Cursor = [], Done = [] };

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_ValuesWithoutNames_GoThroughTheGeneratedConverters()
    {
        var s = new CaseSnapshot { Kind = (ItemKind)77, State = (CaseState)99, Outcome = (CaseOutcome)55, Status = [NodeStatus.Active, (NodeStatus)200] };

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_LongArrays_SameBytes()
    {
        const int Nodes = 300;
        var s = new CaseSnapshot
        {
            Status = Enumerable.Range(0, Nodes).Select(k => (NodeStatus)(k % 6)).ToArray(),
            Cursor = Enumerable.Range(0, Nodes).Select(k => int.MinValue + k).ToArray(),
            Approve = new int[Nodes],
            Deny = ZeroArrays.Ints(Nodes),
            Abstain = ZeroArrays.Ints(Nodes),
            Done = Enumerable.Range(0, Nodes).Select(k => long.MinValue + k).ToArray(),
            Token = ZeroArrays.Longs(Nodes),
        };

        AssertSameBytes(s);
    }

    [Fact]
    public void Write_PlanStringsChangingBetweenSnapshots_SameBytes_WithEitherEncoder()
    {
        // The item code, content hash and department are kept encoded while the next snapshot has the same strings:
        // a new string (equal or not), one the encoder escapes, or a writer with another encoder is encoded again.
        string[] departments = ["市市场监督管理局", string.Concat("市市场", "监督管理局"), "甲局", "a \"quoted\" <dept> & \u00e9", "市市场监督管理局", ""];
        string[] hashes = ["hash-1", "hash-1", string.Concat("hash-", "1"), "hash-2", "hash-<2>", "hash-2"];
        foreach (var k in Enumerable.Range(0, departments.Length))
        {
            var s = new CaseSnapshot
            {
                CaseNumber = "C" + k,
                ItemCode = k % 2 == 0 ? "000201005000" : "事项<" + k + ">",
                ContentHash = hashes[k],
                Department = departments[k],
                Applicant = "张三",
                Version = k + 1,
            };
            AssertSameBytes(s);
            // A writer with the default encoder escapes non-ASCII text: the kept encoding is not reused for it.
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) SnapshotJsonWriter.Write(writer, s);
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(s, EngineJsonContext.Default.CaseSnapshot), buffer.WrittenSpan.ToArray());
            AssertSameBytes(s);
        }
    }

    [Fact]
    public void Write_ClockDefaultsAndTimeoutFlag_LeftOut()
    {
        // A threshold's isTimeout follows from its id and is never read; provisional, pausedMinutes and extended are
        // left out at false / 0 (the usual clock), written otherwise.
        var at = new DateTimeOffset(2025, 9, 22, 1, 30, 0, TimeSpan.Zero);
        var usual = new ClockState
        {
            Id = "decision#7", Kind = ClockKind.Decision, Limit = new TimeAmount(15, TimeUnit.Workdays), StartedAt = at, DueAt = at.AddDays(21),
            BudgetMinutes = 7200, Status = ClockStatus.Stopped, StoppedAt = at.AddDays(3), StopReason = "decided",
            Thresholds = [new ThresholdState { Id = "w0-reminder", Level = AlertLevel.Reminder, At = at.AddDays(14) }, new ThresholdState { Id = ThresholdState.DueId, Level = AlertLevel.Red, At = at.AddDays(21) }],
        };
        var rare = new ClockState
        {
            Id = "promised#8", Kind = ClockKind.Promised, StartedAt = at, DueAt = at, Provisional = true, PausedMinutes = 480, Extended = true,
            Thresholds = [new ThresholdState { Id = ThresholdState.DueId, Level = AlertLevel.Red, At = at, FiredAt = at }],
        };
        var s = new CaseSnapshot { CaseNumber = "X-9", Clocks = [usual, rare] };

        AssertSameBytes(s);
        var json = System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeSnapshot(s));
        var clocks = JsonDocument.Parse(json).RootElement.GetProperty("clocks");
        Assert.DoesNotContain("isTimeout", json);
        foreach (var name in new[] { "provisional", "pausedMinutes", "extended" }) Assert.False(clocks[0].TryGetProperty(name, out _), name);
        Assert.True(clocks[1].GetProperty("provisional").GetBoolean());
        Assert.Equal(480, clocks[1].GetProperty("pausedMinutes").GetInt64());
        Assert.True(clocks[1].GetProperty("extended").GetBoolean());
        Assert.True(Reread(s).Clocks![1].Thresholds[0].IsTimeout);
    }

    [Fact]
    public void Read_SnapshotWrittenBeforeSession31_LoadsTheSameClocks()
    {
        // A stored snapshot's clocks as every earlier version wrote them: isTimeout on each threshold, provisional,
        // pausedMinutes and extended on each clock even at false / 0.
        const string Old = """
            {"schema":1,"caseNumber":"905000455000-20251024-00001","version":79,"clocks":[{"id":"correction#2","kind":"Correction","node":-1,"limit":{"value":5,"unit":"Workdays"},"startedAt":"2025-10-24T08:30:00+00:00","dueAt":"2025-10-31T09:00:00+00:00","budgetMinutes":2430,"provisional":false,"status":"Stopped","pausedMinutes":0,"extended":false,"stoppedAt":"2025-10-24T08:30:00+00:00","stopReason":"correction-requested","thresholds":[{"id":"w0-reminder","level":"Reminder","at":"2025-10-29T04:45:00+00:00","isTimeout":false},{"id":"due","level":"Red","at":"2025-10-31T09:00:00+00:00","isTimeout":true}]},{"id":"decision#12","kind":"Decision","node":-1,"limit":{"value":15,"unit":"Workdays"},"startedAt":"2025-10-28T01:30:00+00:00","dueAt":"2025-11-19T09:00:00+00:00","budgetMinutes":7650,"provisional":true,"status":"Running","pausedAt":"2025-11-01T01:30:00+00:00","pausedMinutes":480,"extended":true,"thresholds":[{"id":"due","level":"Red","at":"2025-11-19T09:00:00+00:00","firedAt":"2025-11-19T09:00:00+00:00","isTimeout":true}]}]}
            """;

        var old = JsonSerializer.Deserialize(Old, EngineJsonContext.Default.CaseSnapshot)!;

        var a = old.Clocks![0];
        Assert.Equal(("correction#2", ClockKind.Correction, -1, 2430L, false, ClockStatus.Stopped, 0L, false, "correction-requested"),
            (a.Id, a.Kind, a.Node, a.BudgetMinutes, a.Provisional, a.Status, a.PausedMinutes, a.Extended, a.StopReason));
        Assert.Equal([("w0-reminder", false), ("due", true)], a.Thresholds.Select(t => (t.Id, t.IsTimeout)));
        var b = old.Clocks[1];
        Assert.Equal((true, 480L, true, ClockStatus.Running), (b.Provisional, b.PausedMinutes, b.Extended, b.Status));
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 9, 0, 0, TimeSpan.Zero), b.Thresholds.Single().FiredAt);
        // Written again (as the next snapshot of the case would be), the same clocks without the left-out values, and
        // that reads back to the same bytes.
        var again = JsonBytes.SerializeSnapshot(old);
        var text = System.Text.Encoding.UTF8.GetString(again);
        Assert.DoesNotContain("isTimeout", text);
        Assert.DoesNotContain("\"provisional\":false", text);
        Assert.DoesNotContain("\"pausedMinutes\":0", text);
        Assert.Equal([new TimeAmount(5, TimeUnit.Workdays), new TimeAmount(15, TimeUnit.Workdays)], old.Clocks.Select(c => c.Limit));
        var oldClocks = JsonDocument.Parse(Old).RootElement.GetProperty("clocks").GetRawText();
        var newClocks = JsonDocument.Parse(again).RootElement.GetProperty("clocks").GetRawText();
        Assert.Equal(oldClocks.Replace(",\"isTimeout\":false", "").Replace(",\"isTimeout\":true", "").Replace(",\"provisional\":false", "")
            .Replace(",\"pausedMinutes\":0,", ",").Replace(",\"extended\":false", ""), newClocks);
        Assert.Equal(again, JsonBytes.SerializeSnapshot(Reread(old)));
        AssertSameBytes(old);
    }

    private static CaseSnapshot Reread(CaseSnapshot s) => JsonSerializer.Deserialize(JsonBytes.SerializeSnapshot(s), EngineJsonContext.Default.CaseSnapshot)!;
}
