using System.Text;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

/// <summary>The behaviour every <see cref="ICaseStore"/> must show. A store's test project subclasses this once;
/// a store that must differ overrides a test and says why.</summary>
public abstract partial class CaseStoreConformanceTests : IAsyncLifetime
{
    private ICaseStore? _store;

    /// <summary>The store under test (fresh and empty for each test).</summary>
    protected ICaseStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates a fresh, empty store.</summary>
    protected abstract Task<ICaseStore> CreateStoreAsync();

    /// <summary>Releases the store (disposes it when it is disposable); override to delete files as well.</summary>
    protected virtual async Task DisposeStoreAsync(ICaseStore store)
    {
        switch (store)
        {
            case IAsyncDisposable a: await a.DisposeAsync(); break;
            case IDisposable d: d.Dispose(); break;
        }
    }

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null) await DisposeStoreAsync(_store);
    }

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public async Task CommitAsync_NewCase_StoresCaseEventsCommandAndSnapshot()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, events: 2, key: "k1"));

        var c = await Store.GetCaseAsync("C1");
        Assert.NotNull(c);
        Assert.Equal(2, c.Version);
        Assert.Equal("Submitted", c.State);
        Assert.Equal("市教育局", c.Department);
        Assert.Equal("张三", c.Applicant);
        Assert.Equal(Some.T0, c.SubmittedAt);
        Assert.Equal(Some.T0.AddMinutes(2), c.UpdatedAt);
        Assert.Equal("{}", Text(c.Snapshot));
        var events = await Store.ReadEventsAsync("C1");
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.Equal("{\"seq\":2}", Text(events[1].Payload));
        Assert.Equal("h2", Text(events[1].Hash));
        Assert.Equal(Some.T0.AddMinutes(2), events[1].At);
        Assert.Equal("k1", events[1].CommandKey);
        var command = await Store.GetCommandAsync("k1");
        Assert.NotNull(command);
        Assert.Equal("C1", command.CaseNumber);
        Assert.Equal("{\"result\":\"k1\"}", Text(command.Result));
    }

    [Fact]
    public async Task GetCaseAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetCaseAsync("nope"));
        Assert.Empty(await Store.ReadEventsAsync("nope"));
        Assert.Null(await Store.GetCommandAsync("nope"));
        Assert.Null(await Store.GetDefinitionAsync("nope"));
    }

    [Fact]
    public async Task ReadEventsAsync_AfterSequence_ReturnsOnlyLaterEventsInOrder()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, events: 2));
        await Store.CommitAsync(Some.Commit("C1", 2, events: 3));

        Assert.Equal([3L, 4L, 5L], (await Store.ReadEventsAsync("C1", 2)).Select(e => e.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await Store.ReadEventsAsync("C1")).Select(e => e.Sequence));
        Assert.Empty(await Store.ReadEventsAsync("C1", 5));
        Assert.Equal(5, (await Store.GetCaseAsync("C1"))!.Version);
    }

    [Fact]
    public async Task CommitAsync_StaleVersion_ThrowsConcurrencyAndLeavesNothing()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, events: 2));
        var stale = Some.Commit("C1", 1, events: 1, key: "late",
            outbox: [Some.Message("m-late", "C1")], tasks: [Some.Task("t-late", "C1")],
            definition: new DefinitionRecord("hash-late", "X", 1, "item: X"));

        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(stale));

        Assert.Equal("C1", ex.CaseNumber);
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        await AssertNothingOf(stale, expectedCaseVersion: 2, expectedEvents: 2);
    }

    [Fact]
    public async Task CommitAsync_NewCaseThatExists_ThrowsConcurrencyAndLeavesNothing()
    {
        await Store.CommitAsync(Some.Commit("C1", 0));
        var again = Some.Commit("C1", 0, key: "again", outbox: [Some.Message("m-again", "C1")]);

        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(again));

        Assert.Equal(0, ex.ExpectedVersion);
        Assert.Equal(1, ex.ActualVersion);
        await AssertNothingOf(again, expectedCaseVersion: 1, expectedEvents: 1);
    }

    [Fact]
    public async Task CommitAsync_VersionOfMissingCase_ThrowsConcurrency()
    {
        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(Some.Commit("C9", 3)));
        Assert.Equal(0, ex.ActualVersion);
        Assert.Null(await Store.GetCaseAsync("C9"));
    }

    [Fact]
    public async Task CommitAsync_DuplicateKey_ThrowsDuplicateAndLeavesNothing()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, key: "same"));
        var repeat = Some.Commit("C2", 0, key: "same", outbox: [Some.Message("m2", "C2")], tasks: [Some.Task("t2", "C2")]);

        var ex = await Assert.ThrowsAsync<DuplicateCommandException>(() => Store.CommitAsync(repeat));

        Assert.Equal("same", ex.IdempotencyKey);
        Assert.Null(await Store.GetCaseAsync("C2"));
        Assert.Empty(await Store.ReadEventsAsync("C2"));
        Assert.Equal("C1", (await Store.GetCommandAsync("same"))!.CaseNumber);
        Assert.Empty(await Store.GetPendingMessagesAsync(Some.T0.AddDays(1), 10));
        Assert.Equal(0, (await Store.ListTasksAsync(new TaskQuery("a", ["edu.licensing"], []))).Total);
    }

    [Fact]
    public async Task CommitAsync_DuplicateOutboxMessageId_ThrowsStoreExceptionAndLeavesNothing()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m1", "C1")]));
        var clash = Some.Commit("C1", 1, key: "clash", outbox: [Some.Message("m-new", "C1"), Some.Message("m1", "C1", "other")]);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(clash));

        Assert.False(ex.IsTransient);
        await AssertNothingOf(clash, expectedCaseVersion: 1, expectedEvents: 1);
        Assert.Equal(["m1"], (await Store.GetPendingMessagesAsync(Some.T0.AddDays(1), 10)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task CommitAsync_TaskIdOfAnotherCase_ThrowsStoreExceptionAndLeavesNothing()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1")]));
        var clash = Some.Commit("C2", 0, key: "clash", tasks: [Some.Task("t1", "C2")]);

        var ex = await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(clash));

        Assert.False(ex.IsTransient);
        Assert.Null(await Store.GetCaseAsync("C2"));
        Assert.Null(await Store.GetCommandAsync("clash"));
        var tasks = await Store.ListTasksAsync(new TaskQuery("a", ["edu.licensing"], []));
        Assert.Equal("C1", Assert.Single(tasks.Items).CaseNumber);
    }

    [Fact]
    public async Task CommitAsync_MalformedCommit_ThrowsArgumentExceptionAndLeavesNothing()
    {
        var good = Some.Commit("C1", 0, events: 2);
        var wrongVersion = good with { Case = Some.Case("C1", 5) };
        var gap = good with { Events = [Some.Event("C1", 1), Some.Event("C1", 3)] };
        var none = good with { Events = [], Case = Some.Case("C1", 0) };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CommitAsync(wrongVersion));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CommitAsync(gap));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CommitAsync(none));
        Assert.Null(await Store.GetCaseAsync("C1"));
    }

    [Fact]
    public async Task CommitAsync_OpenTasks_ReplacePreviousSet()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1"), Some.Task("t2", "C1")]));
        await Store.CommitAsync(Some.Commit("C1", 1, tasks: [Some.Task("t2", "C1", assignee: "a"), Some.Task("t3", "C1")]));

        var byRole = await Store.ListTasksAsync(new TaskQuery("b", ["edu.licensing"], []));
        Assert.Equal(["t3"], byRole.Items.Select(t => t.TaskId));
        var mine = await Store.ListTasksAsync(new TaskQuery("a", [], []));
        Assert.Equal(["t2"], mine.Items.Select(t => t.TaskId));

        await Store.CommitAsync(Some.Commit("C1", 2, tasks: []));
        Assert.Equal(0, (await Store.ListTasksAsync(new TaskQuery("a", ["edu.licensing"], []))).Total);
    }

    [Fact]
    public async Task CommitAsync_EmptyStrings_RoundTripAsEmptyNotNull()
    {
        var e = Some.Event("C1", 1) with { Actor = "" };
        await Store.CommitAsync(Some.Commit("C1", 0, record: Some.Case("C1", 1, applicant: ""), tasks: [Some.Task("t1", "C1", role: "", assignee: "")]) with { Events = [e] });
        await Store.CommitAsync(Some.Commit("C1", 1, record: Some.Case("C1", 2, applicant: ""), tasks: [Some.Task("t1", "C1", role: "", assignee: "")]));

        Assert.Equal("", (await Store.GetCaseAsync("C1"))!.Applicant);
        Assert.Equal("", (await Store.GetCaseRowAsync("C1"))!.Applicant);
        Assert.Equal(1, (await Store.SearchCasesAsync(new CaseQuery(Applicant: ""))).Total);
        Assert.Equal("", (await Store.ReadEventsAsync("C1"))[0].Actor);
        var task = Assert.Single((await Store.ListTasksAsync(new TaskQuery("", [], []))).Items);
        Assert.Equal(("", ""), (task.Role, task.Assignee));
    }

    [Fact]
    public async Task CommitAsync_TaskChangedInPlace_ListsItsNewColumns()
    {
        var due = Some.T0.AddDays(2);
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1", role: "r1")]));
        // Claimed, handed on, released: only the holder changes.
        await Store.CommitAsync(Some.Commit("C1", 1, tasks: [Some.Task("t1", "C1", role: "r1", assignee: "a")]));
        await Store.CommitAsync(Some.Commit("C1", 2, tasks: [Some.Task("t1", "C1", role: "r1", assignee: "b")]));
        Assert.Equal(0, (await Store.ListTasksAsync(new TaskQuery("a", ["r1"], []))).Total);
        Assert.Equal("b", Assert.Single((await Store.ListTasksAsync(new TaskQuery("b", [], []))).Items).Assignee);
        await Store.CommitAsync(Some.Commit("C1", 3, tasks: [Some.Task("t1", "C1", role: "r1")]));
        Assert.Equal("t1", Assert.Single((await Store.ListTasksAsync(new TaskQuery("a", ["r1"], []))).Items).TaskId);

        // Other columns change too: every one of them is written.
        await Store.CommitAsync(Some.Commit("C1", 4, tasks: [Some.Task("t1", "C1", role: null, department: "d1", assignee: "c", due: due)]));
        var t = Assert.Single((await Store.ListTasksAsync(new TaskQuery("c", [], []))).Items);
        Assert.Equal((null, "d1", "c", due), (t.Role, t.Department, t.Assignee, t.Due));
        await Store.CommitAsync(Some.Commit("C1", 5, tasks: [Some.Task("t1", "C1", role: null, department: "d1", due: due)]));
        Assert.Equal("t1", Assert.Single((await Store.ListTasksAsync(new TaskQuery("z", [], ["d1"]))).Items).TaskId);
        Assert.Equal(0, (await Store.ListTasksAsync(new TaskQuery("z", ["r1"], []))).Total);
    }

    [Fact]
    public async Task CommitAsync_Definition_IsKeptAndTheFirstTextWins()
    {
        var def = new DefinitionRecord("sha-1", "000104002000", 3, "item: 000104002000\nname: 民办学校办学许可\n");
        await Store.CommitAsync(Some.Commit("C1", 0, definition: def));
        await Store.CommitAsync(Some.Commit("C2", 0, definition: def with { Text = "changed" }));

        var kept = await Store.GetDefinitionAsync("sha-1");
        Assert.NotNull(kept);
        Assert.Equal(def, kept);
    }

    [Fact]
    public async Task CommitAsync_ParallelCommitsOnOneCase_ExactlyOneWins()
    {
        await Store.CommitAsync(Some.Commit("C1", 0));
        const int callers = 16;
        var attempts = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CommitAsync(Some.Commit("C1", 1, key: "p" + i, outbox: [Some.Message("m" + i, "C1")]));
                return i;
            }
            catch (ConcurrencyException)
            {
                return -1;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r >= 0);
        Assert.Equal(2, (await Store.GetCaseAsync("C1"))!.Version);
        Assert.Equal(2, (await Store.ReadEventsAsync("C1")).Count);
        Assert.Equal("p" + winner, (await Store.ReadEventsAsync("C1", 1))[0].CommandKey);
        for (var i = 0; i < callers; i++)
            Assert.Equal(i == winner, await Store.GetCommandAsync("p" + i) is not null);
        Assert.Equal(["m" + winner], (await Store.GetPendingMessagesAsync(Some.T0.AddDays(1), 100)).Select(p => p.Message.MessageId));
    }

    [Fact]
    public async Task CommitAsync_ParallelCommitsOnManyCases_AllSucceed()
    {
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await Store.CommitAsync(Some.Commit("P" + i, 0));
            await Store.CommitAsync(Some.Commit("P" + i, 1));
        })));

        for (var i = 0; i < 32; i++) Assert.Equal(2, (await Store.GetCaseAsync("P" + i))!.Version);
        Assert.Equal(32, (await Store.SearchCasesAsync(new CaseQuery(Limit: 100))).Total);
    }

    [Fact]
    public async Task CommitAsync_ParallelRepeatsOfOneKey_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CommitAsync(Some.Commit("R" + i, 0, key: "one-key"));
                return true;
            }
            catch (DuplicateCommandException)
            {
                return false;
            }
        })));

        Assert.Single(results, r => r);
        var winner = (await Store.GetCommandAsync("one-key"))!.CaseNumber;
        Assert.Equal(1, (await Store.SearchCasesAsync(new CaseQuery())).Total);
        Assert.NotNull(await Store.GetCaseAsync(winner));
    }

    /// <summary>Asserts a refused commit left no trace: no case change, no events, no command, no outbox, no tasks.</summary>
    protected async Task AssertNothingOf(CaseCommit refused, long expectedCaseVersion, int expectedEvents)
    {
        var caseNumber = refused.Case.CaseNumber;
        Assert.Equal(expectedCaseVersion, (await Store.GetCaseAsync(caseNumber))!.Version);
        Assert.Equal(expectedEvents, (await Store.ReadEventsAsync(caseNumber)).Count);
        if (refused.Command is { } command) Assert.Null(await Store.GetCommandAsync(command.IdempotencyKey));
        var pending = await Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000);
        foreach (var m in refused.Outbox)
            Assert.DoesNotContain(pending, p => p.Message.MessageId == m.MessageId && p.Message.Type == m.Type && Text(p.Message.Payload) == Text(m.Payload));
        var tasks = await Store.ListTasksAsync(new TaskQuery("nobody", ["edu.licensing"], [], Limit: 1000));
        foreach (var t in refused.OpenTasks) Assert.DoesNotContain(tasks.Items, x => x.TaskId == t.TaskId);
        if (refused.Definition is { } d) Assert.Null(await Store.GetDefinitionAsync(d.ContentHash));
    }
}
