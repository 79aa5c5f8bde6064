using System.Text;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store keeps one record per engine command: the commit's arena record holds the command's
/// result (the idempotency table's slot names it, no entry of its own) and the commit's outbox rows are compact slots
/// rebuilt from it. Over many commands (past the arena's commit chunks of 1,024, the table's entry chunks of 2,048 and
/// the outbox's chunks of 1,024 slots), mixed with keys that keep entries (a <see cref="CaseCommit"/>'s command, a
/// command without events, a refused commit's key given back), everything reads back as the <see cref="CaseCommit"/>
/// path (entries and full slots) leaves it.</summary>
public sealed class CommandRecordLayoutTests
{
    private const int Transfers = 2_600;

    /// <summary>Runs the same commands (same keys, same clock) and dumps the commands, and the messages before and after
    /// some are delivered, failed and retried.</summary>
    private static async Task<string> RunAndDumpAsync(ICaseStore store, InMemoryCaseStore inner)
    {
        using var host = new TestHost(store: store);
        var engine = host.Engine;
        var keys = new List<string>();
        string Key()
        {
            keys.Add("key-" + keys.Count);
            return keys[^1];
        }

        var r = await engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "张三", "applicant", Key()) { Materials = ["report"] });
        var n = r.CaseNumber;
        r = await engine.ExecuteAsync(new Accept(n, "window", Key()));
        var task = r.OpenTaskIds[0];
        await engine.ExecuteAsync(new ClaimTask(n, "staff", Key(), task));
        var firstResults = new Dictionary<string, CommandResult>(StringComparer.Ordinal);
        var holder = "staff";
        for (var i = 0; i < Transfers; i++)
        {
            var to = holder == "staff" ? "deputy" : "staff";
            var key = Key();
            firstResults[key] = await engine.ExecuteAsync(new TransferTask(n, holder, key, task, to));
            holder = to;
            if (i % 500 == 250)
            {
                // Keys that keep a table entry between the ones that name commits: a CaseCommit's command (another case),
                // and a key claimed by a refused commit, given back, then committed.
                var other = await engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "李四", "applicant", Key()) { Materials = ["report"] });
                await Assert.ThrowsAsync<ConcurrencyException>(() => inner.CommitAsync(Some.Commit(other.CaseNumber, 0, key: "raw-" + i)));
                await inner.CommitAsync(Some.Commit("RAW" + i, 0, key: "raw-" + i));
            }
        }
        // Repeats of commands from every chunk return their first result.
        foreach (var (key, first) in firstResults.Where((_, i) => i % 97 == 0))
        {
            var again = await engine.ExecuteAsync(new TransferTask(n, "staff", key, task, "deputy"));
            Assert.True(again.Repeated);
            Assert.Equal(first with { Repeated = true, OpenTaskIds = again.OpenTaskIds }, again);
            Assert.Equal(first.OpenTaskIds, again.OpenTaskIds);
        }

        var dump = new StringBuilder();
        static string B(ReadOnlyMemory<byte> bytes) => Convert.ToHexString(bytes.Span);
        foreach (var key in keys.Concat(Enumerable.Range(0, Transfers).Where(i => i % 500 == 250).Select(i => "raw-" + i)).Append("missing"))
        {
            var command = await inner.GetCommandAsync(key);
            dump.AppendLine($"command {key} {command?.CaseNumber} {(command is null ? "-" : B(command.Result))}");
        }
        async Task DumpMessages(string label)
        {
            foreach (var p in await inner.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100_000))
                dump.AppendLine($"{label} {p.Message.MessageId} {p.Message.CaseNumber} {p.Message.Channel} {p.Message.Type} {p.Message.CreatedAt:O} {p.Attempts} {p.LastError} {B(p.Message.Payload)}");
            foreach (var p in await inner.ListDeadMessagesAsync(100_000)) dump.AppendLine($"dead {p.Message.MessageId} {p.Attempts} {p.LastError}");
        }
        await DumpMessages("pending");
        var ids = (await inner.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100_000)).Select(p => p.Message.MessageId).ToList();
        Assert.True(ids.Count > Transfers, $"{ids.Count} messages");
        // Deliver the first 1,500 but a few (past the first chunk, which is then released), fail some, one dead.
        await inner.MarkDeliveredAsync([.. ids.Take(1_500).Where((_, i) => i % 300 != 7)]);
        await inner.MarkFailedAsync(ids[7], DateTimeOffset.MaxValue, "down", dead: false);
        await inner.MarkFailedAsync(ids[1_807], DateTimeOffset.MinValue, "gone", dead: true);
        await DumpMessages("after");
        Assert.True(await inner.RetryDeadMessageAsync(ids[1_807]));
        await inner.MarkDeliveredAsync([.. ids.Skip(1_500)]);
        await DumpMessages("last");
        return dump.ToString();
    }

    [Fact]
    public async Task ManyCommands_ReadBackAsTheCaseCommitPathLeavesThem()
    {
        var direct = new InMemoryCaseStore();
        var checkedStore = new EagerCheckStore();

        var fromParts = await RunAndDumpAsync(direct, direct);
        var fromCommit = await RunAndDumpAsync(checkedStore, checkedStore.Inner);

        Assert.Equal(fromCommit, fromParts);
        Assert.Contains("pending ", fromParts, StringComparison.Ordinal);
        Assert.Contains("dead ", fromParts, StringComparison.Ordinal);
        Assert.Contains("command raw-250 RAW250 ", fromParts, StringComparison.Ordinal);
        Assert.Contains("command missing  -", fromParts, StringComparison.Ordinal);
        checkedStore.AssertLazyBytesMatch();
    }

    [Fact]
    public async Task CommitEngine_RowsOfAnUnusualCommit_KeepTheirOwnIdsCaseAndTime()
    {
        // A result whose version does not follow the rows' first sequence, or a commit time not in UTC: the rows cannot be
        // rebuilt from the commit's record and keep their columns (a slot of their own).
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8));
        OutboxItem[] outbox = [new("notification", "Receipt", Some.Bytes("{\"n\":1}"), null)];
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], at, "张三", store.GetCaseRow("C1")!.Head, [], outbox, "k2",
            new CommandResult("C1", 2, CaseState.Submitted, null, 1, []), null, [], []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 3)), 2, [new TaskCommented("C1/1", "意见")], at.ToUniversalTime(), "张三", store.GetCaseRow("C1")!.Head, [], outbox, "k3",
            new CommandResult("C1", 9, CaseState.Submitted, null, 1, []), null, [], []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 4)), 3, [new TaskCommented("C1/1", "意见")], at.ToUniversalTime(), "张三", store.GetCaseRow("C1")!.Head, [], outbox, "k4",
            new CommandResult("C1", 4, CaseState.Submitted, null, 1, []), null, [], []);

        var pending = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message).ToList();
        Assert.Equal(["C1:2:0", "C1:3:0", "C1:4:0"], pending.Select(m => m.MessageId));
        Assert.Equal([at, at, at], pending.Select(m => m.CreatedAt));
        Assert.Equal(TimeSpan.FromHours(8), pending[0].CreatedAt.Offset);
        Assert.All(pending, m => Assert.Equal(("C1", "{\"n\":1}"), (m.CaseNumber, Encoding.UTF8.GetString(m.Payload.Span))));
        Assert.Equal(9, (await store.GetCommandAsync("k3"))!.Value!.Version);
        await store.MarkDeliveredAsync(["C1:3:0"]);
        Assert.Equal(["C1:2:0", "C1:4:0"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
    }
}
