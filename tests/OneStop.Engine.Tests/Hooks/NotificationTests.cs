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
    // Session 9: the case columns and a task's step, role and department sit in shared parts (NoticeCase, SeatColumns).

    [Fact]
    public void SharedParts_NoticeEqualsTheInitializersOne_WithTheSameHashAndBytes()
    {
        var caseColumns = new NoticeCase("C-1", "000104002000", null, null);
        var shared = new Notification(NotificationKind.TaskAssigned, caseColumns, At, "t1", new SeatColumns("review", "edu", null));

        Assert.Equal(Staff(), shared);
        Assert.Equal(Staff().GetHashCode(), shared.GetHashCode());
        Assert.Equal(JsonBytes.Serialize(Staff(), EngineJsonContext.Default.Notification), JsonBytes.Serialize(shared, EngineJsonContext.Default.Notification));
        Assert.NotEqual(Staff(), shared with { Department = "市教育局" });
        Assert.NotEqual(Staff(), new Notification(NotificationKind.TaskAssigned, caseColumns, At, "t1"));
    }

    [Fact]
    public void SharedParts_WithCopies_NeverChangeTheOriginalOrItsSiblings()
    {
        var caseColumns = new NoticeCase("C-1", "000104002000", "民办学校设立", "张三");
        var step = new SeatColumns("review", "edu", "市教育局");
        var first = new Notification(NotificationKind.TaskAssigned, caseColumns, At, "t1", step);
        var sibling = new Notification(NotificationKind.TaskAssigned, caseColumns, At, "t2", step);

        var copy = first with { CaseNumber = "C-2", Applicant = null, Role = "other", StepId = null };

        Assert.Equal(("C-2", null, "other", null, "市教育局"), (copy.CaseNumber, copy.Applicant, copy.Role, copy.StepId, copy.Department));
        foreach (var n in new[] { first, sibling })
        {
            Assert.Equal(("C-1", "000104002000", "民办学校设立", "张三"), (n.CaseNumber, n.ItemCode, n.ItemName, n.Applicant));
            Assert.Equal(("review", "edu", "市教育局"), (n.StepId, n.Role, n.Department));
        }
        Assert.Equal(("C-1", "张三"), (caseColumns.CaseNumber, caseColumns.Applicant));
        Assert.Equal(("review", "edu"), (step.StepId, step.Role));
    }

    [Fact]
    public void InitializerParts_WithCopies_NeverChangeTheOriginal()
    {
        var original = Full();
        var copy = original with { ItemName = "改", Department = null };
        var again = copy with { CaseNumber = "C-9" };

        Assert.Equal(("民办学校设立", "市教育局", "C-1"), (original.ItemName, original.Department, original.CaseNumber));
        Assert.Equal(("改", null, "C-1"), (copy.ItemName, copy.Department, copy.CaseNumber));
        Assert.Equal(("改", "C-9", "review"), (again.ItemName, again.CaseNumber, again.StepId));
        Assert.Equal(Full(), original);
    }

    [Fact]
    public async Task Engine_NoticesOfACase_ShareTheirCaseColumns_AndReadBackEqual()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        var view = await host.ViewAsync(n);
        await host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), view.OpenTasks[0].TaskId));

        var messages = await host.Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100);
        var notices = messages.Select(m => m.Message).Where(m => m.Channel == "notification").ToList();
        Assert.True(notices.Count >= 3);
        var parts = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var message in notices)
        {
            var notice = Assert.IsType<Notification>(message.Content.Value);
            var back = System.Text.Json.JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.Notification)!;
            Assert.Equal(back, notice);
            Assert.Equal(back.GetHashCode(), notice.GetHashCode());
            Assert.Equal(n, notice.CaseNumber);
            parts.Add(typeof(Notification).GetField("_case", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(notice)!);
        }
        // One case part for every notice of the case (all of them name the applicant here).
        Assert.Single(parts);
    }

    [Fact]
    public void KindAndTime_KeepTheOffset_AndCompareByInstant()
    {
        var local = Staff() with { At = At.AddTicks(3) };
        Assert.Equal(At.AddTicks(3).ToString("O"), local.At.ToString("O"));
        Assert.Equal(NotificationKind.TaskAssigned, local.Kind);
        var utc = local with { At = local.At.ToUniversalTime() };
        Assert.Equal(local, utc);
        Assert.Equal(local.GetHashCode(), utc.GetHashCode());
        Assert.NotEqual(local, local with { Kind = NotificationKind.Escalation });
        Assert.NotEqual(local, local with { At = local.At.AddTicks(1) });
        Assert.Equal(default, new Notification { Kind = NotificationKind.Receipt, CaseNumber = "C-1", ItemCode = "x" }.At);
    }
}
