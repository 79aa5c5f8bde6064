using System.Text;
using OneStop.Definitions.Flow;
using OneStop.Engine.Serialization;

// Root namespace: a OneStop.Engine.Tests.Hooks namespace would hide OneStop.Engine.Hooks from the other tests.
namespace OneStop.Engine.Tests;

/// <summary>A notification keeps the fields only some kinds carry in one shared object: it must still serialize, compare,
/// hash and copy exactly as a record of plain fields.</summary>
public sealed class NotificationTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 26, 9, 30, 0, TimeSpan.FromHours(8));

    // Lists compare by reference (as with plain fields): equal notices share them.
    private static readonly IReadOnlyList<CorrectionItem> Items = [new CorrectionItem("form", "缺签字")];
    private static readonly IReadOnlyList<string> Pending = ["licence"];

    private static Notification Full() => new()
    {
        Kind = NotificationKind.CorrectionNotice, CaseNumber = "C-1", ItemCode = "000104002000", ItemName = "民办学校设立", Applicant = "张三", At = At,
        Items = Items, Reason = "第二次", Outcome = CaseOutcome.Denied, Procedure = SpecialProcedureKind.Hearing, Ended = true,
        TaskId = "t1", StepId = "review", Role = "edu", Department = "市教育局", Assignee = "李四", PendingMaterials = Pending,
        PromisedBy = new DateOnly(2025, 10, 1),
    };

    private static Notification Staff() => new()
    {
        Kind = NotificationKind.TaskAssigned, CaseNumber = "C-1", ItemCode = "000104002000", At = At, TaskId = "t1", StepId = "review", Role = "edu",
    };

    [Fact]
    public void Serialize_EveryField_WritesThePlainRecordsBytes()
    {
        var json = Encoding.UTF8.GetString(JsonBytes.Serialize(Full(), EngineJsonContext.Default.Notification));

        // The bytes a Notification of plain fields wrote (stored payloads must not change).
        Assert.Equal("""{"kind":"CorrectionNotice","caseNumber":"C-1","itemCode":"000104002000","itemName":"民办学校设立","applicant":"张三","at":"2025-09-26T09:30:00+08:00","items":[{"materialId":"form","problem":"缺签字"}],"reason":"第二次","outcome":"Denied","procedure":"Hearing","ended":true,"taskId":"t1","stepId":"review","role":"edu","department":"市教育局","assignee":"李四","pendingMaterials":["licence"],"promisedBy":"2025-10-01"}""", json);
    }

    [Fact]
    public void Deserialize_SerializedNotices_RoundTripsEveryField()
    {
        foreach (var notice in new[] { Full(), Staff() })
        {
            var bytes = JsonBytes.Serialize(notice, EngineJsonContext.Default.Notification);
            var back = System.Text.Json.JsonSerializer.Deserialize(bytes, EngineJsonContext.Default.Notification)!;
            Assert.Equal(bytes, JsonBytes.Serialize(back, EngineJsonContext.Default.Notification));
            Assert.Equal(notice.Reason, back.Reason);
            Assert.Equal(notice.PromisedBy, back.PromisedBy);
            Assert.Equal(notice.Items?.Count, back.Items?.Count);
        }
    }

    [Fact]
    public void Equals_RareFieldsSetToNullOrLeftOut_AreEqualWithTheSameHash()
    {
        var explicitNulls = Staff() with { Reason = null, Outcome = null, Ended = null, PromisedBy = null };

        Assert.Equal(Staff(), explicitNulls);
        Assert.Equal(Staff().GetHashCode(), explicitNulls.GetHashCode());
        Assert.Equal(Full(), Full());
        Assert.Equal(Full().GetHashCode(), Full().GetHashCode());
        Assert.NotEqual(Full(), Full() with { Reason = "另一个" });
        Assert.NotEqual(Full(), Full() with { Items = [new CorrectionItem("form", "缺签字")] });
        Assert.NotEqual(Staff(), Staff() with { Outcome = CaseOutcome.Approved });
        Assert.NotEqual(Staff(), Staff() with { Ended = false });
    }

    [Fact]
    public void With_ChangedRareField_LeavesTheOriginalAndKeepsTheOthers()
    {
        var original = Full();
        var copy = original with { Reason = "改", Procedure = null };

        Assert.Equal("第二次", original.Reason);
        Assert.Equal(SpecialProcedureKind.Hearing, original.Procedure);
        Assert.Equal("改", copy.Reason);
        Assert.Null(copy.Procedure);
        Assert.Equal(original.Outcome, copy.Outcome);
        Assert.Equal(original.PromisedBy, copy.PromisedBy);
        Assert.Same(original.Items, copy.Items);
        Assert.Contains("Reason = 改", copy.ToString(), StringComparison.Ordinal);
    }
}
