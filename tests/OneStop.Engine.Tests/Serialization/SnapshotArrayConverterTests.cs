using System.Text.Encodings.Web;
using System.Text.Json;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>The snapshot's per-node arrays are written as one raw value each: byte for byte what the element-wise
/// source-generated serializers write, alone and inside a snapshot, and they read back the same.</summary>
public sealed class SnapshotArrayConverterTests
{
    // The context without the array converters (every other option the same).
    private static readonly EngineJsonContext Plain = new(PlainOptions());

    private static JsonSerializerOptions PlainOptions()
    {
        var options = new JsonSerializerOptions(EngineJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.Converters.Clear();
        return options;
    }

    public static TheoryData<int> Lengths() => [0, 1, 2, 11, 47, 300];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Arrays_AreWrittenAsTheElementWiseSerializerWritesThem(int length)
    {
        var random = new Random(length);
        var ints = Enumerable.Range(0, length).Select(i => i switch { 0 => int.MinValue, 1 => int.MaxValue, _ => random.Next(-1000, 1000) }).ToArray();
        var longs = Enumerable.Range(0, length).Select(i => i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => random.NextInt64(-1L << 40, 1L << 40) }).ToArray();
        var statuses = Enumerable.Range(0, length).Select(i => (NodeStatus)(i % Enum.GetValues<NodeStatus>().Length)).ToArray();

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(ints, PlainArraysJsonContext.Default.Int32Array), JsonSerializer.SerializeToUtf8Bytes(ints, typeof(int[]), EngineJsonContext.Default));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(longs, PlainArraysJsonContext.Default.Int64Array), JsonSerializer.SerializeToUtf8Bytes(longs, typeof(long[]), EngineJsonContext.Default));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(statuses, PlainArraysJsonContext.Default.NodeStatusArray),
            JsonSerializer.SerializeToUtf8Bytes(statuses, typeof(NodeStatus[]), EngineJsonContext.Default));

        var s = new CaseSnapshot
        {
            CaseNumber = "X-1", Applicant = "张三", Version = 7, Status = statuses, Cursor = ints, Approve = [.. ints.Reverse()], Deny = [], Abstain = ints,
            Done = longs, Token = [.. longs.Reverse()],
        };
        s.Tasks.Add(new TaskState { Id = "X-1/1", Role = "窗口" });
        var plain = JsonSerializer.SerializeToUtf8Bytes(s, Plain.CaseSnapshot);
        var fast = JsonBytes.Serialize(s, EngineJsonContext.Default.CaseSnapshot);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(plain), System.Text.Encoding.UTF8.GetString(fast));
        var back = JsonSerializer.Deserialize(fast, EngineJsonContext.Default.CaseSnapshot)!;
        Assert.Equal(statuses, back.Status);
        Assert.Equal(ints, back.Cursor);
        Assert.Equal(longs, back.Done);
        Assert.Equal(longs.Reverse(), back.Token);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        JsonBytes.SerializeTo(s, EngineJsonContext.Default.CaseSnapshot, buffer);
        Assert.Equal(fast, buffer.WrittenSpan.ToArray());
    }
}
