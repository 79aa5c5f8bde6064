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
