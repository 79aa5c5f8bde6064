using System.Text;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The engine commits to the in-memory store from the commit's parts (no <see cref="CaseCommit"/>); any other
/// store gets a <see cref="CaseCommit"/>. Both paths must leave exactly the same rows, bytes and links behind.</summary>
public sealed class EngineCommitPathTests
{
    /// <summary>Runs the same commands (same keys, same clock) and dumps everything the store holds afterwards.</summary>
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

        var numbers = new List<string>();
        for (var c = 0; c < 2; c++)
        {
            var r = await engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "张三", "applicant", Key()) { Materials = ["report"] });
            var n = r.CaseNumber;
            numbers.Add(n);
            r = await engine.ExecuteAsync(new Accept(n, "window", Key()));
            var first = r.OpenTaskIds[0];
            await engine.ExecuteAsync(new ClaimTask(n, "staff", Key(), first));
            await engine.ExecuteAsync(new TransferTask(n, "staff", Key(), first, "deputy"));
            await engine.ExecuteAsync(new CommentTask(n, "someone", Key(), first, "材料齐全"));
            r = await engine.ExecuteAsync(new ApproveTask(n, "deputy", Key(), first));
            // A repeat returns the first result and changes nothing.
            Assert.True((await engine.ExecuteAsync(new ApproveTask(n, "deputy", keys[^1], first))).Repeated);
            for (var guard = 0; r.OpenTaskIds.Count > 0 && guard < 20; guard++)
                r = await engine.ExecuteAsync(new ApproveTask(n, "staff", Key(), r.OpenTaskIds[0]));
            if (c == 0) await engine.ExecuteAsync(new Deliver(n, "window", Key()));
        }

        var dump = new StringBuilder();
        static string B(ReadOnlyMemory<byte> bytes) => Convert.ToHexString(bytes.Span);
        foreach (var n in numbers)
        {
            var row = (await inner.GetCaseAsync(n))!;
            dump.AppendLine($"case {row with { Snapshot = default }} snapshot={B(row.Snapshot)}@{row.SnapshotVersion} head={B(row.ChainHead)}");
            var bare = (await inner.GetCaseRowAsync(n))!;
            dump.AppendLine($"row {bare} snapshot={B(bare.Snapshot)}@{bare.SnapshotVersion} head={B(bare.ChainHead)}");
            foreach (var e in await inner.ReadEventsAsync(n))
                dump.AppendLine($"event {e.Sequence} {e.Type} {e.At:O} {e.Actor} {e.CommandKey} {B(e.Payload)} {B(e.Hash)}");
        }
        foreach (var c in (await inner.SearchCasesAsync(new CaseQuery())).Items) dump.AppendLine($"search {c with { Snapshot = default }} {B(c.Snapshot)}");
        dump.AppendLine($"next due {await inner.GetNextDueAsync()}");
        foreach (var c in await inner.FindDueAsync(DateTimeOffset.MaxValue, 10)) dump.AppendLine($"due {c.CaseNumber} {c.EarliestDue:O}");
        foreach (var key in keys)
        {
            var command = await inner.GetCommandAsync(key);
            dump.AppendLine($"command {key} {command?.CaseNumber} {(command is null ? "-" : B(command.Result))}");
        }
        foreach (var p in await inner.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000))
            dump.AppendLine($"message {p.Message.MessageId} {p.Message.CaseNumber} {p.Message.Channel} {p.Message.Type} {p.Message.CreatedAt:O} {B(p.Message.Payload)}");
        foreach (var t in (await inner.ListTasksAsync(new TaskQuery("deputy", ["a", "b", "c", "d", "clerk", "window"], [], Limit: 1000))).Items)
            dump.AppendLine($"task {t}");
        return dump.ToString();
    }

    [Fact]
    public async Task Commit_InMemoryPartsAndCaseCommit_LeaveTheSameRowsBytesAndLinks()
    {
        var direct = new InMemoryCaseStore();
        var checkedStore = new EagerCheckStore();

        var fromParts = await RunAndDumpAsync(direct, direct);
        var fromCommit = await RunAndDumpAsync(checkedStore, checkedStore.Inner);

        Assert.Equal(fromCommit, fromParts);
        Assert.Contains("message ", fromParts, StringComparison.Ordinal);
        Assert.Contains("event 1 ", fromParts, StringComparison.Ordinal);
        checkedStore.AssertLazyBytesMatch();
    }

    /// <summary>A store that copies the snapshot bytes during the call (as the SQLite store does) and says so: the engine
    /// then lends it the thread's reused buffer. Passed on with its own copy, the commits leave the same rows and bytes as
    /// the in-memory path.</summary>
    private sealed class CopyingStore() : DelegatingCaseStore(new InMemoryCaseStore()), ISnapshotCopyingStore
    {
        public new InMemoryCaseStore Inner => (InMemoryCaseStore)base.Inner;

        public int Snapshots { get; private set; }

        public override Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
        {
            if (commit.Case.Snapshot.IsEmpty) return Inner.CommitAsync(commit, cancellationToken);
            Snapshots++;
            var copy = commit.Case.Snapshot.ToArray();
            var task = Inner.CommitAsync(commit with { Case = commit.Case with { Snapshot = copy } }, cancellationToken);
            // The lent buffer is the engine's again once this returns: scribbled over here, it must not matter.
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(commit.Case.Snapshot, out var lent)) lent.AsSpan().Fill((byte)'x');
            return task;
        }
    }

    [Fact]
    public async Task Commit_StoreThatCopiesSnapshotsDuringTheCall_LeavesTheSameRowsBytesAndLinks()
    {
        var direct = new InMemoryCaseStore();
        var copying = new CopyingStore();

        var fromParts = await RunAndDumpAsync(direct, direct);
        var fromCopies = await RunAndDumpAsync(copying, copying.Inner);

        Assert.Equal(fromParts, fromCopies);
        Assert.True(copying.Snapshots >= 2);
    }

    [Fact]
    public async Task CommitEngine_Refused_LeavesNothingAndFreesKeyAndIds_ThenCommitsThem()
    {
        var store = new InMemoryCaseStore();
        // "C1:2:1" is the id the engine's commit at version 1 gives its second row: that commit is refused while it stands.
        await store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m0", "C1"), Some.Message("C1:2:1", "C1")]));
        var at = Some.T0.AddHours(1);
        // The case's head is a stored link (bytes), not the log: the events are kept as records following it.
        var head = store.GetCaseRow("C1")!.Head;
        CaseEvent[] events = [new TaskCommented("C1/1", "意见")];
        var row = CaseColumns.Of(Some.Case("C1", 2));
        OutboxItem[] outbox = [new("notification", "Receipt", Some.Bytes("{\"n\":1}"), null), new("notification", "TaskAssigned", Some.Bytes("{\"n\":2}"), null)];
        var result = new CommandResult("C1", 2, CaseState.Submitted, null, 1, []);
        var otherCaseAlert = new Alert("a1", "C9", "X", "r", OneStop.Definitions.AlertLevel.Yellow, AlertStatus.Raised, null, null, null, "e", at, null);

        Assert.Throws<ConcurrencyException>(() => store.CommitEngine(row, 0, events, at, "张三", head, [], outbox, "k2", result, null, [], []));
        Assert.Throws<StoreException>(() => store.CommitEngine(row, 1, events, at, "张三", head, [], outbox, "k2", result, null, [], []));
        Assert.Throws<ArgumentException>(() => store.CommitEngine(row, 1, events, at, "张三", head, [], outbox, "k2", result, null, [otherCaseAlert], []));
        Assert.Null(await store.GetCommandAsync("k2"));
        Assert.Equal(["m0", "C1:2:1"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
        Assert.Equal(1, (await store.GetCaseAsync("C1"))!.Version);
        // The refused commit claimed "C1:2:0" and gave it back; a commit with that id now takes it.
        await store.WriteAlertsAsync([], [Some.Message("C1:2:0", "C1")]);
        await store.MarkDeliveredAsync(["C1:2:0", "C1:2:1"]);
        Assert.Throws<StoreException>(() => store.CommitEngine(row, 1, events, at, "张三", head, [], outbox, "k2", result, null, [], []));
        Assert.Equal(["m0"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));

        var fresh = new InMemoryCaseStore();
        await fresh.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m0", "C1")]));
        Assert.Throws<ConcurrencyException>(() => fresh.CommitEngine(row, 0, events, at, "张三", head, [], outbox, "k2", result, null, [], []));
        fresh.CommitEngine(row, 1, events, at, "张三", head, [], outbox, "k2", result, null, [], []);
        store = fresh;

        Assert.Throws<DuplicateCommandException>(() => store.CommitEngine(row, 2, events, at, "张三", head, [], outbox, "k2", result, null, [], []));
        var pending = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message).ToList();
        Assert.Equal(["m0", "C1:2:0", "C1:2:1"], pending.Select(m => m.MessageId));
        Assert.Equal(("C1", "notification", "TaskAssigned", at, "{\"n\":2}"),
            (pending[2].CaseNumber, pending[2].Channel, pending[2].Type, pending[2].CreatedAt, Encoding.UTF8.GetString(pending[2].Payload.Span)));
        Assert.Equal("C1", (await store.GetCommandAsync("k2"))!.CaseNumber);
        Assert.Equal(2, (await store.GetCaseAsync("C1"))!.Version);
        var read = await store.ReadEventsAsync("C1");
        Assert.Equal(("k2", 2L, "张三"), (read[1].CommandKey, read[1].Sequence, read[1].Actor));
        Assert.Equal(read[1].Hash.ToArray(), (await store.GetCaseAsync("C1"))!.ChainHead.ToArray());
        // It follows the head of the row the command read (here the stored row's, empty), as a CaseCommit's would.
        var link = HashChain.Link(head.Bytes.ToArray(), "C1", 2, read[1].Type, at, "张三", "k2", JsonBytes.SerializeEvent(events[0]));
        Assert.Equal(link, read[1].Hash.ToArray());
    }

    [Theory]
    [InlineData(CaseState.Concluded, CaseOutcome.Approved)]
    [InlineData(CaseState.Decided, CaseOutcome.Denied)]
    [InlineData(CaseState.InProgress, null)]
    public async Task CommitEngine_KeptResult_ReadsBackAsTheSameRecordAndBytes(CaseState state, CaseOutcome? outcome)
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var head = store.GetCaseRow("C1")!.Head;
        var result = new CommandResult("C1", 2, state, outcome, 1, ["C1/1", "C1/2"]);

        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], Some.T0.AddHours(1), "张三", head, [], [], "k2", result, null, [], []);

        var read = (await store.GetCommandAsync("k2"))!;
        Assert.Equal(result, read.Value);
        Assert.Equal(("k2", "C1"), (read.IdempotencyKey, read.CaseNumber));
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), read.Result.ToArray());
    }

    [Theory]
    [InlineData((1L << 40) - 1, 65_535, CaseState.Terminated, CaseOutcome.DeemedApproved)]
    [InlineData(1L << 40, 1, CaseState.Concluded, CaseOutcome.Approved)]
    [InlineData(7L, 65_536, CaseState.Decided, CaseOutcome.Denied)]
    [InlineData(long.MaxValue, 0, CaseState.Withdrawn, null)]
    public async Task CommitEngine_KeptResultAtTheEdgesOfItsPackedColumns_ReadsBackTheSame(long version, int eventCount, CaseState state, CaseOutcome? outcome)
    {
        // The table packs version, event count, state and outcome into one word; a result beyond it keeps its record.
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var head = store.GetCaseRow("C1")!.Head;
        var result = new CommandResult("C1", version, state, outcome, eventCount, ["C1/1", "C1/2"]);

        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], Some.T0.AddHours(1), "张三", head, [], [], "k2", result, null, [], []);

        var read = (await store.GetCommandAsync("k2"))!;
        Assert.Equal(result, read.Value);
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), read.Result.ToArray());
    }

    [Fact]
    public async Task CommitEngine_KeptResultWithOneOpenTask_ReadsBackTheSameColumnsAndBytes()
    {
        // The table keeps the one id instead of the engine's list object, and rebuilds the list when read.
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var head = store.GetCaseRow("C1")!.Head;
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, TaskIdList.Of("C1/1"));

        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], Some.T0.AddHours(1), "张三", head, [], [], "k2", result, null, [], []);

        var read = (await store.GetCommandAsync("k2"))!;
        Assert.Equal(result with { OpenTaskIds = read.Value!.OpenTaskIds }, read.Value);
        Assert.Equal(["C1/1"], read.Value.OpenTaskIds);
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), read.Result.ToArray());
    }

    [Fact]
    public async Task CommitEngine_MessageIds_AreFoundByTheirCommit_AndNeverCommittedTwice()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var head = store.GetCaseRow("C1")!.Head;
        var at = Some.T0.AddHours(1);
        OutboxItem[] outbox = [new("notification", "Receipt", Some.Bytes("{\"n\":1}"), null), new("notification", "TaskAssigned", Some.Bytes("{\"n\":2}"), null)];
        var result = new CommandResult("C1", 2, CaseState.Submitted, null, 1, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], at, "张三", head, [], outbox, "k2", result, null, [], []);

        Assert.Equal(["C1:2:0", "C1:2:1"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
        // Another writer cannot commit the engine's ids, pending or delivered; an id past the commit's rows is free.
        await Assert.ThrowsAsync<StoreException>(() => store.WriteAlertsAsync([], [Some.Message("C1:2:1", "C1")]));
        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(Some.Commit("C1", 2, outbox: [Some.Message("C1:2:0", "C1")])));

        await store.MarkFailedAsync("C1:2:0", at, "down", dead: true);
        Assert.Equal(["C1:2:0"], (await store.ListDeadMessagesAsync(10)).Select(p => p.Message.MessageId));
        Assert.True(await store.RetryDeadMessageAsync("C1:2:0"));
        Assert.False(await store.RetryDeadMessageAsync("C1:2:1"));
        await store.MarkDeliveredAsync(["C1:2:0", "C1:2:1", "C1:2:2", "C1:3:0", "C9:2:0", "x"]);
        Assert.Empty(await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));

        await Assert.ThrowsAsync<StoreException>(() => store.WriteAlertsAsync([], [Some.Message("C1:2:0", "C1")]));
        await store.WriteAlertsAsync([], [Some.Message("C1:2:2", "C1"), Some.Message("C1:1:0", "C1")]);
        Assert.Equal(["C1:2:2", "C1:1:0"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
        // The engine's next commit takes ids after its own first sequence, which no earlier commit of the case used.
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 3)), 2, [new TaskCommented("C1/1", "再议")], at, "张三", store.GetCaseRow("C1")!.Head, [], outbox[..1], "k3", result with { Version = 3 }, null, [], []);
        Assert.Equal(["C1:2:2", "C1:1:0", "C1:3:0"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
        // With other writers' ids in the table, both kinds are still found.
        await store.MarkDeliveredAsync(["C1:3:0", "C1:1:0"]);
        Assert.Equal(["C1:2:2"], (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task CommitEngine_SnapshotBytes_AreCopied_AndNeverChangeOnceRead()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        var result = new CommandResult("C1", 2, CaseState.Submitted, null, 1, []);
        // The engine's buffer is reused after each commit: the store must keep its own copy.
        var buffer = Some.Bytes("{\"v\":2,\"pad\":\"xxxxxxxxxxxx\"}");
        void CommitSnapshot(long version, string json, string key)
        {
            Array.Clear(buffer);
            var written = Encoding.UTF8.GetBytes(json, buffer);
            store.CommitEngine(CaseColumns.Of(Some.Case("C1", version)).WithSnapshot(buffer.AsMemory(0, written)), version - 1,
                [new TaskCommented("C1/1", "意见")], Some.T0.AddHours(version), "张三", store.GetCaseRow("C1")!.Head, [], [], key, result with { Version = version }, null, [], []);
            Array.Fill(buffer, (byte)'!');
        }

        CommitSnapshot(2, "{\"v\":2,\"pad\":\"xxxxxxxxxxxx\"}", "k2");
        // Not read yet: the next snapshot goes over it; read: it stays as it was, and the next one goes elsewhere.
        CommitSnapshot(3, "{\"v\":3}", "k3");
        var read = (await store.GetCaseAsync("C1"))!;
        Assert.Equal(("{\"v\":3}", 3L), (Encoding.UTF8.GetString(read.Snapshot.Span), read.SnapshotVersion));
        CommitSnapshot(4, "{\"v\":4,\"x\":1}", "k4");
        Assert.Equal("{\"v\":3}", Encoding.UTF8.GetString(read.Snapshot.Span));
        var later = (await store.GetCaseAsync("C1"))!;
        Assert.Equal(("{\"v\":4,\"x\":1}", 4L), (Encoding.UTF8.GetString(later.Snapshot.Span), later.SnapshotVersion));
        // A row read without the bytes holds none, and a commit without a snapshot keeps the stored one.
        Assert.True((await store.GetCaseRowAsync("C1"))!.Snapshot.IsEmpty);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 5)).WithSnapshot(default), 4, [new TaskCommented("C1/1", "再议")], Some.T0.AddHours(5), "张三",
            store.GetCaseRow("C1")!.Head, [], [], "k5", result with { Version = 5 }, null, [], []);
        var kept = (await store.GetCaseAsync("C1"))!;
        Assert.Equal(("{\"v\":4,\"x\":1}", 4L, 5L), (Encoding.UTF8.GetString(kept.Snapshot.Span), kept.SnapshotVersion, kept.Version));
        Assert.Equal("{\"v\":3}", Encoding.UTF8.GetString(read.Snapshot.Span));
    }
}
