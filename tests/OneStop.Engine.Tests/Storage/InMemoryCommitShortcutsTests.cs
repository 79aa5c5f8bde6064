using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory commit's shortcuts (session 16): a task the case already has open is not looked up again in
/// the task index, the case entry takes the committed columns field by field, and a notice's shared kind is first
/// matched by reference among the last ones found. Each must give exactly what the full path gives.</summary>
public sealed class InMemoryCommitShortcutsTests
{
    private static readonly DateTimeOffset At = Some.T0.AddHours(1);

    private static CommandResult Result(string caseNumber, long version, params string[] open) =>
        new(caseNumber, version, CaseState.InProgress, null, 1, open);

    // Engine commits of one event each to caseNumber, following its log.
    private static void Commit(InMemoryCaseStore store, string caseNumber, long version, string key, TaskRecord[] open, OutboxItem[]? outbox = null) =>
        store.CommitEngine(CaseColumns.Of(Some.Case(caseNumber, version)), version - 1, [new TaskCommented(caseNumber + "/1", "意见")], At,
            "张三", version == 1 ? default : store.GetCaseRow(caseNumber)!.Head, open, outbox ?? [], key,
            Result(caseNumber, version, [.. open.Select(t => t.TaskId)]), null, [], []);

    [Fact]
    public async Task CommitEngine_TaskIdOfAnotherCase_IsRefused_WhileItsCaseKeepsItOpen_AndTakenOnceClosed()
    {
        var store = new InMemoryCaseStore();
        Commit(store, "C1", 1, "k1", [Some.Task("T1", "C1")]);
        Commit(store, "C2", 1, "k2", [Some.Task("T2", "C2")]);

        // C2 names C1's open task: refused, whether C2 already has tasks open or not, and nothing is left behind.
        Assert.Throws<StoreException>(() => Commit(store, "C2", 2, "k3", [Some.Task("T2", "C2"), Some.Task("T1", "C2")]));
        Assert.Throws<StoreException>(() => Commit(store, "C3", 1, "k4", [Some.Task("T1", "C3")]));
        Assert.Null(await store.GetCommandAsync("k3"));
        Assert.Null(await store.GetCaseAsync("C3"));

        // C1 keeps its task open with a new row (a transfer): the index holds the new row.
        Commit(store, "C1", 2, "k5", [Some.Task("T1", "C1", assignee: "李四")]);
        Commit(store, "C2", 2, "k6", [Some.Task("T2", "C2", assignee: "王五")]);
        var tasks = (await store.ListTasksAsync(new TaskQuery("李四", [], [], Limit: 10))).Items;
        Assert.Equal([("T1", "C1", "李四")], tasks.Select(t => (t.TaskId, t.CaseNumber, t.Assignee)));

        // Once C1 closed it, C2 may open a task with that id.
        Commit(store, "C1", 3, "k7", []);
        Commit(store, "C2", 3, "k8", [Some.Task("T2", "C2"), Some.Task("T1", "C2")]);
        var all = (await store.ListTasksAsync(new TaskQuery("nobody", ["edu.licensing"], [], Limit: 10))).Items;
        Assert.Equal([("T1", "C2"), ("T2", "C2")], all.Select(t => (t.TaskId, t.CaseNumber)).Order());
    }

    [Fact]
    public async Task CommitEngine_ColumnsThatChangeOrStay_ReadBackAsCommitted()
    {
        var store = new InMemoryCaseStore();
        var metrics = new CaseMetrics(Some.T0, At, 60, At, "ok", 30, true, false);
        CaseRecord[] rows =
        [
            Some.Case("C1", 1),
            // Every column changes: state, outcome, applicant, item, department, dates, due, metrics.
            Some.Case("C1", 2, state: "Decided", item: "000201005000", department: "市市场监督管理局", applicant: "李四", submittedAt: At, due: At.AddDays(3))
                with { Outcome = "Approved", Kind = "Joint", ConcludedAt = At, Metrics = metrics, Snapshot = default, SnapshotVersion = 1 },
            // Equal values in new strings.
            Some.Case("C1", 3, state: string.Concat("Deci", "ded"), item: string.Concat("0002", "01005000"), department: "市市场监督管理局", applicant: string.Concat("李", "四"), submittedAt: At, due: At.AddDays(3))
                with { Outcome = string.Concat("Appro", "ved"), Kind = "Joint", ConcludedAt = At, Metrics = metrics, Snapshot = default, SnapshotVersion = 1 },
            // Back to nulls, and a new snapshot.
            Some.Case("C1", 4, snapshot: "{\"v\":4}") with { SnapshotVersion = 4 },
            Some.Case("C1", 5) with { Snapshot = default, SnapshotVersion = 4 },
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            store.CommitEngine(CaseColumns.Of(row), row.Version - 1, [new TaskCommented("C1/1", "意见")], At, "张三",
                i == 0 ? default : store.GetCaseRow("C1")!.Head, [], [], "k" + i, Result("C1", row.Version), null, [], []);
            var read = (await store.GetCaseAsync("C1"))!;
            var stored = row.Snapshot.IsEmpty ? rows[..i].Last(r => !r.Snapshot.IsEmpty) : row;
            Assert.Equal(row with { Snapshot = default, SnapshotVersion = 0, Head = default }, read with { Snapshot = default, SnapshotVersion = 0, Head = default });
            Assert.Equal(stored.Snapshot.ToArray(), read.Snapshot.ToArray());
            Assert.Equal(stored.Version, read.SnapshotVersion);
            Assert.Equal(row.EarliestDue, await store.GetNextDueAsync());
        }
    }

    [Fact]
    public async Task CommitEngine_NoticesCyclingAmongShapes_ReadBackTheNoticesTheirPartsGive()
    {
        // More assignees and steps than the kinds remembered per notification kind (two), equal assignees in other
        // strings, and a kind with no recent slot of its own: each notice reads back as its parts give it.
        var store = new InMemoryCaseStore();
        var columns = new NoticeCase("C1", "000201005000", "企业开办", "张三");
        SeatColumns[] seats = [new("intake", "window", "市政务服务中心"), new("sa", "a", "甲局")];
        string?[] assignees = ["李四", "王五", null, string.Concat("李", "四"), "赵六"];
        var expected = new List<Notification>();
        for (var version = 1; version <= 12; version++)
        {
            var outbox = new List<OutboxItem>();
            for (var k = 0; k < 3; k++)
            {
                var n = version * 3 + k;
                var parts = n % 7 == 0
                    ? new NoticeParts(NotificationKind.Decision, columns, null, null, null, Notification.OutcomeExtras(CaseOutcome.Approved))
                    : new NoticeParts(NotificationKind.TaskAssigned, columns, "C1/1", seats[n % 2], assignees[n % assignees.Length], null);
                outbox.Add(new(Channels.Notification, EnumText<NotificationKind>.Of(parts.Kind), columns, EngineJsonContext.Default.Notification) { Notice = parts });
                expected.Add(parts.ToNotification(At));
            }
            Commit(store, "C1", version, "k" + version, [], [.. outbox]);
        }

        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100);
        Assert.Equal(expected.Count, pending.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], pending[i].Message.Content.Value);
            Assert.Equal(JsonBytes.Serialize(expected[i], EngineJsonContext.Default.Notification), pending[i].Message.Payload.ToArray());
        }
    }
}
