using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>The pooled, spliced serializers write exactly what the polymorphic source-generated serializer writes
/// (apart from non-ASCII text, which stays UTF-8 instead of <c>\uXXXX</c>), and their bytes read back.</summary>
public class JsonBytesTests
{
    // The reference: the context's own polymorphic serializer with the same (relaxed) escaping.
    private static readonly EngineJsonContext Reference = new(new JsonSerializerOptions(EngineJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static TheoryData<string> EventTypes()
    {
        var data = new TheoryData<string>();
        foreach (var d in EngineJsonContext.Default.CaseEvent.PolymorphismOptions!.DerivedTypes) data.Add(d.DerivedType.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void SerializeEvent_EveryEventType_EqualsPolymorphicSerializer(string typeName)
    {
        var type = typeof(CaseEvent).Assembly.GetType(typeName, throwOnError: true)!;
        // Default-valued instance: every property at its default covers the shape, including empty payloads.
        var e = (CaseEvent)RuntimeHelpers.GetUninitializedObject(type);
        var expected = JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent);

        var actual = JsonBytes.SerializeEvent(e);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(type, JsonSerializer.Deserialize(actual, EngineJsonContext.Default.CaseEvent)!.GetType());
    }

    [Fact]
    public void SerializeEvent_EveryEventTypeWithAHandler_IsWrittenByItDirectly()
    {
        // Each concrete event type whose generated metadata has a fast-path handler is written by that handler without
        // the serializer's root call (the bytes are checked for every type above and with values below).
        var withHandler = EngineJsonContext.Default.CaseEvent.PolymorphismOptions!.DerivedTypes
            .Count(d => EngineJsonContext.Default.GetTypeInfo(d.DerivedType)!.GetType().GetProperty("SerializeHandler")!.GetValue(
                EngineJsonContext.Default.GetTypeInfo(d.DerivedType)) is not null);

        Assert.True(withHandler > 20, $"only {withHandler} event types have a generated handler");
        Assert.Equal(withHandler, JsonBytes.DirectEventTypes);
    }

    public static TheoryData<int> ValuedEvents() => [.. Enumerable.Range(0, Valued.Length)];

    private static readonly CaseEvent[] Valued =
    [
        new TaskApproved("2025-000201005001-000123/4", "同意，\"材料齐全\"<附件>"),
        new TaskApproved("X-1/1", null),
        new NodeCompleted(7, NodeStatus.Approved, Advisory: true),
        new CaseDecided(CaseOutcome.Denied, "不符合法定条件", ByFlow: true, TasksIncomplete: false),
        new OneStop.Engine.Clocks.ClocksStopped(["step:review#7", "decision#4"], "decided"),
        new CaseRejected("材料不齐全\u2028\t"),
        new TaskTransferred("X-1/1", "deputy", "休假"),
    ];

    [Theory]
    [MemberData(nameof(ValuedEvents))]
    public void SerializeEvent_WithValues_EqualsPolymorphicSerializer(int index)
    {
        var e = Valued[index];

        Assert.Equal(System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent)),
            System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeEvent(e)));
    }

    [Fact]
    public void Serialize_CommandResultAndNotice_EqualTheSerializer_TypedAndUntyped()
    {
        var result = new CommandResult("2025-000201005001-000123", 12, CaseState.InProgress, null, 3, ["2025-000201005001-000123/4", "任务/5"]);
        var repeated = result with { Outcome = CaseOutcome.Approved, Repeated = true, OpenTaskIds = [] };
        var notice = new Notification { Kind = NotificationKind.TaskAssigned, CaseNumber = "C-1", ItemCode = "000201005001", At = DateTimeOffset.UnixEpoch, TaskId = "C-1/2", Assignee = "李四" };

        foreach (var r in new[] { result, repeated })
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(r, Reference.CommandResult);
            Assert.Equal(expected, JsonBytes.Serialize(r, EngineJsonContext.Default.CommandResult));
            Assert.Equal(expected, JsonBytes.Serialize((object)r, EngineJsonContext.Default.CommandResult));
        }
        var noticeBytes = JsonSerializer.SerializeToUtf8Bytes(notice, Reference.Notification);
        Assert.Equal(noticeBytes, JsonBytes.Serialize(notice, EngineJsonContext.Default.Notification));
        Assert.Equal(noticeBytes, JsonBytes.Serialize((object)notice, EngineJsonContext.Default.Notification));
        // A polymorphic root keeps the serializer's path (the discriminator is written).
        CaseEvent e = new TaskApproved("X-1/1", "同意");
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent), JsonBytes.Serialize(e, EngineJsonContext.Default.CaseEvent));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent), JsonBytes.Serialize((object)e, EngineJsonContext.Default.CaseEvent));
    }

    [Fact]
    public void SerializeEvent_ChineseText_IsUtf8AndRoundTrips()
    {
        CaseEvent e = new CaseRejected("材料不齐全，\"请\"补交<原件>");

        var bytes = JsonBytes.SerializeEvent(e);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(e, Reference.CaseEvent), bytes);
        Assert.Contains("材料不齐全", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(e, JsonSerializer.Deserialize(bytes, EngineJsonContext.Default.CaseEvent));
    }

    [Fact]
    public void Serialize_Snapshot_EqualsReferenceAndRoundTrips()
    {
        var s = new CaseSnapshot { CaseNumber = "X-1", Applicant = "张三", Version = 7, Status = [NodeStatus.Active], Cursor = [2] };
        s.Form["name"] = "某某有限公司";
        s.Tasks.Add(new TaskState { Id = "X-1/1", Role = "窗口", Then = ["李四"] });

        var bytes = JsonBytes.Serialize(s, EngineJsonContext.Default.CaseSnapshot);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(s, Reference.CaseSnapshot), bytes);
        var back = JsonSerializer.Deserialize(bytes, EngineJsonContext.Default.CaseSnapshot)!;
        Assert.Equal("某某有限公司", back.Form["name"]);
        Assert.Equal(["李四"], back.Tasks[0].Then!);
    }

    [Fact]
    public void Serialize_LargePayloadThenSmall_DoesNotLeakBytes()
    {
        var big = new CaseSnapshot { CaseNumber = new string('x', 100_000) };
        var small = new CaseSnapshot { CaseNumber = "y" };

        JsonBytes.Serialize(big, EngineJsonContext.Default.CaseSnapshot);
        var bytes = JsonBytes.Serialize(small, EngineJsonContext.Default.CaseSnapshot);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(small, Reference.CaseSnapshot), bytes);
    }

    [Fact]
    public void SerializeEvent_TypeName_IsOnlyTheDiscriminator()
    {
        CaseEvent e = new TaskTransferred("X-1/1", "deputy", null);

        var json = System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeEvent(e));

        Assert.Equal("""{"type":"task.transferred.v1","taskId":"X-1/1","to":"deputy"}""", json);
    }

    [Fact]
    public void Deserialize_OlderPayloadWithTypeNameProperty_StillReads()
    {
        // Payloads written before the property was ignored carry a redundant "typeName" field.
        var old = """{"type":"task.transferred.v1","taskId":"X-1/1","to":"deputy","typeName":"task.transferred.v1"}"""u8.ToArray();

        var e = JsonSerializer.Deserialize(old, EngineJsonContext.Default.CaseEvent);

        Assert.Equal(new TaskTransferred("X-1/1", "deputy", null), e);
    }
}
