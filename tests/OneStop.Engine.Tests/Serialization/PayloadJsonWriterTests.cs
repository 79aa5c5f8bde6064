using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OneStop.Definitions.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>Command results and notifications are written by hand (<see cref="PayloadJsonWriter"/>) with exactly the
/// bytes of the source-generated serializer with the store's relaxed escaping, for every kind, outcome and member.</summary>
public class PayloadJsonWriterTests
{
    private static readonly EngineJsonContext Reference = new(new JsonSerializerOptions(EngineJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly DateTimeOffset At = new(2025, 9, 22, 9, 30, 15, 123, TimeSpan.FromHours(8));

    private static string[] Written(IList<System.Text.Json.Serialization.Metadata.JsonPropertyInfo> properties) =>
        [.. properties.Where(p => p.Get is not null && p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false) != true)
            .OrderBy(p => p.Order).Select(p => p.Name)];

    // The hand-written writer itself (JsonBytes takes it only for the default context's metadata).
    private static string Direct(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void PropertyNames_AreTheGeneratedMetadatasInOrder()
    {
        Assert.Equal(Written(EngineJsonContext.Default.CommandResult.Properties), PayloadJsonWriter.ResultPropertyNames);
        Assert.Equal(Written(EngineJsonContext.Default.Notification.Properties), PayloadJsonWriter.NotificationPropertyNames);
    }

    [Fact]
    public void CommandResult_EveryStateAndOutcome_SameBytes()
    {
        var k = 0;
        foreach (var state in Enum.GetValues<CaseState>().Append((CaseState)77))
        {
            foreach (CaseOutcome? outcome in Enum.GetValues<CaseOutcome>().Select(o => (CaseOutcome?)o).Append(null).Append((CaseOutcome)55))
            {
                k++;
                IReadOnlyList<string> ids = (k % 4) switch { 0 => [], 1 => ["X-1/1"], 2 => ["X-1/1", "任务\"2\"", "a<b>&"], _ => null! };
                var r = new CommandResult(k % 5 == 0 ? null! : "2025-000201005001-" + k, k * 1000L - 3, state, outcome, k - 2, ids) { Repeated = k % 3 == 0 };
                var expected = JsonSerializer.SerializeToUtf8Bytes(r, Reference.CommandResult);
                Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(JsonBytes.Serialize(r, EngineJsonContext.Default.CommandResult)));
                Assert.Equal(expected, JsonBytes.Serialize((object)r, EngineJsonContext.Default.CommandResult));
                Assert.Equal(Encoding.UTF8.GetString(expected), Direct(w => PayloadJsonWriter.Write(w, r)));
            }
        }
    }

    [Fact]
    public void Notification_EveryKindAndMember_SameBytes()
    {
        var k = 0;
        foreach (var kind in Enum.GetValues<NotificationKind>().Append((NotificationKind)99))
        {
            for (var shape = 0; shape < 6; shape++)
            {
                k++;
                var n = new Notification
                {
                    Kind = kind, CaseNumber = "2025-000201005001-" + k, ItemCode = shape == 5 ? null! : "000201005001", ItemName = shape % 2 == 0 ? "建设工程规划许可" : null,
                    Applicant = shape == 3 ? null : "张三 \"某某\" <公司>", At = At.AddMinutes(k).ToOffset(TimeSpan.FromHours(k % 5 - 2)),
                    Items = shape == 1 ? [new CorrectionItem("form", "缺少签字")] : null, Reason = shape % 3 == 0 ? "材料不齐全，请补交\n原件" : null,
                    Outcome = shape == 2 ? (CaseOutcome)(k % 4) : shape == 4 ? (CaseOutcome)44 : null,
                    Procedure = shape == 3 ? (SpecialProcedureKind)(k % 3) : shape == 5 ? (SpecialProcedureKind)66 : null, Ended = shape == 3 ? k % 2 == 0 : null,
                    TaskId = shape < 3 ? "2025-000201005001-" + k + "/" + shape : null, StepId = shape == 0 ? "review" : null, Role = shape < 2 ? "科长" : null,
                    Department = shape == 0 ? "市市场监督管理局" : null, Assignee = shape == 4 ? "李四" : null,
                    PendingMaterials = shape == 4 ? ["license", "证明\t2"] : null, PromisedBy = shape == 4 ? new DateOnly(2025, 10, 1 + k % 20) : null,
                };
                var expected = JsonSerializer.SerializeToUtf8Bytes(n, Reference.Notification);
                Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(JsonBytes.Serialize(n, EngineJsonContext.Default.Notification)));
                Assert.Equal(expected, JsonBytes.Serialize((object)n, EngineJsonContext.Default.Notification));
                Assert.Equal(Encoding.UTF8.GetString(expected), Direct(w => PayloadJsonWriter.Write(w, n)));
            }
        }
    }
}
