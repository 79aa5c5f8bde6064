using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

public abstract partial class CaseStoreConformanceTests
{
    [Fact]
    public async Task GetNextDueAsync_EmptyStore_ReturnsNull() => Assert.Null(await Store.GetNextDueAsync());

    [Fact]
    public async Task GetNextDueAsync_SeveralCases_ReturnsEarliestAndFollowsChanges()
    {
        await Store.CommitAsync(Some.Commit("A", 0, record: Some.Case("A", 1, due: Some.T0.AddHours(5))));
        await Store.CommitAsync(Some.Commit("B", 0, record: Some.Case("B", 1, due: Some.T0.AddHours(2))));
        await Store.CommitAsync(Some.Commit("C", 0, record: Some.Case("C", 1, due: null)));
        Assert.Equal(Some.T0.AddHours(2), await Store.GetNextDueAsync());

        // B's clocks are done: its due instant is cleared, so A's becomes the earliest.
        await Store.CommitAsync(Some.Commit("B", 1, record: Some.Case("B", 2, due: null)));
        Assert.Equal(Some.T0.AddHours(5), await Store.GetNextDueAsync());

        await Store.CommitAsync(Some.Commit("A", 1, record: Some.Case("A", 2, due: Some.T0.AddHours(1))));
        Assert.Equal(Some.T0.AddHours(1), await Store.GetNextDueAsync());
    }

    [Fact]
    public async Task FindDueAsync_DueAndNotDue_ReturnsDueEarliestFirstUpToLimit()
    {
        for (var i = 0; i < 5; i++)
            await Store.CommitAsync(Some.Commit("D" + i, 0, record: Some.Case("D" + i, 1, due: Some.T0.AddHours(5 - i))));
        await Store.CommitAsync(Some.Commit("N", 0, record: Some.Case("N", 1, due: null)));

        var due = await Store.FindDueAsync(Some.T0.AddHours(3), 10);
        Assert.Equal(["D4", "D3", "D2"], due.Select(c => c.CaseNumber));
        Assert.Equal(Some.T0.AddHours(1), due[0].EarliestDue);

        var limited = await Store.FindDueAsync(Some.T0.AddHours(10), 2);
        Assert.Equal(["D4", "D3"], limited.Select(c => c.CaseNumber));
        Assert.Empty(await Store.FindDueAsync(Some.T0, 10));
    }

    [Fact]
    public async Task ListTasksAsync_ActorRolesAndDepartments_MatchesAssignedOrVisibleUnassigned()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, tasks:
        [
            Some.Task("role", "C1", role: "r1"),
            Some.Task("dept", "C1", role: null, department: "d1"),
            Some.Task("mine", "C1", role: "other", assignee: "alice"),
            Some.Task("claimed", "C1", role: "r1", assignee: "bob"),
            Some.Task("foreign", "C1", role: "r2", department: "d2"),
        ]));

        var page = await Store.ListTasksAsync(new TaskQuery("alice", ["r1"], ["d1"]));

        Assert.Equal(["dept", "mine", "role"], page.Items.Select(t => t.TaskId).Order());
        Assert.Equal(3, page.Total);
        Assert.Equal(0, (await Store.ListTasksAsync(new TaskQuery("carol", [], []))).Total);
    }

    [Fact]
    public async Task ListTasksAsync_Paging_OrdersByDueNullsLastThenCreation()
    {
        var tasks = new List<TaskRecord>
        {
            Some.Task("n2", "C1", due: null, createdAt: Some.T0.AddMinutes(2)),
            Some.Task("d3", "C1", due: Some.T0.AddDays(3), createdAt: Some.T0.AddMinutes(1)),
            Some.Task("n1", "C1", due: null, createdAt: Some.T0.AddMinutes(1)),
            Some.Task("d1b", "C1", due: Some.T0.AddDays(1), createdAt: Some.T0.AddMinutes(5)),
            Some.Task("d1a", "C1", due: Some.T0.AddDays(1), createdAt: Some.T0.AddMinutes(4)),
        };
        await Store.CommitAsync(Some.Commit("C1", 0, tasks: tasks[..3]));
        await Store.CommitAsync(Some.Commit("C2", 0, tasks: tasks[3..].Select(t => t with { CaseNumber = "C2" }).ToList()));

        var seen = new List<string>();
        for (var offset = 0; offset < 6; offset += 2)
        {
            var page = await Store.ListTasksAsync(new TaskQuery("x", ["edu.licensing"], [], offset, 2));
            Assert.Equal(5, page.Total);
            Assert.Equal(offset, page.Offset);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(t => t.TaskId));
        }
        Assert.Equal(["d1a", "d1b", "d3", "n1", "n2"], seen);
        var first = (await Store.ListTasksAsync(new TaskQuery("x", ["edu.licensing"], [], 0, 1))).Items[0];
        Assert.Equal(Some.T0.AddDays(1), first.Due);
        Assert.Equal("C2", first.CaseNumber);
        Assert.Equal("review", first.StepId);
    }

    [Fact]
    public async Task SearchCasesAsync_Filters_MatchEachFieldAndDateRange()
    {
        await Store.CommitAsync(Some.Commit("S1", 0, record: Some.Case("S1", 1, applicant: "张三", item: "I1", department: "D1", submittedAt: Some.T0)));
        await Store.CommitAsync(Some.Commit("S2", 0, record: Some.Case("S2", 1, applicant: "李四", item: "I1", department: "D2", submittedAt: Some.T0.AddDays(1))));
        await Store.CommitAsync(Some.Commit("S3", 0, record: Some.Case("S3", 1, applicant: "张三", item: "I2", department: "D2", state: "Accepted", submittedAt: Some.T0.AddDays(2))));
        await Store.CommitAsync(Some.Commit("S4", 0, record: Some.Case("S4", 1, applicant: null, item: "I2", department: "D1", submittedAt: Some.T0.AddDays(3))));

        async Task<string[]> Find(CaseQuery q) => (await Store.SearchCasesAsync(q)).Items.Select(c => c.CaseNumber).ToArray();

        Assert.Equal(["S4", "S3", "S2", "S1"], await Find(new CaseQuery()));
        Assert.Equal(["S3", "S1"], await Find(new CaseQuery(Applicant: "张三")));
        Assert.Equal(["S2", "S1"], await Find(new CaseQuery(ItemCode: "I1")));
        Assert.Equal(["S4", "S1"], await Find(new CaseQuery(Department: "D1")));
        Assert.Equal(["S3"], await Find(new CaseQuery(State: "Accepted")));
        Assert.Equal(["S3", "S2"], await Find(new CaseQuery(SubmittedFrom: Some.T0.AddDays(1), SubmittedTo: Some.T0.AddDays(3))));
        Assert.Equal(["S3"], await Find(new CaseQuery(Applicant: "张三", Department: "D2")));
        Assert.Empty(await Find(new CaseQuery(Applicant: "王五")));
    }

    [Fact]
    public async Task SearchCasesAsync_Paging_ReturnsTotalAndDisjointPages()
    {
        for (var i = 0; i < 7; i++)
            await Store.CommitAsync(Some.Commit($"P{i}", 0, record: Some.Case($"P{i}", 1, submittedAt: Some.T0.AddHours(i % 3))));

        var seen = new List<string>();
        for (var offset = 0; offset < 7; offset += 3)
        {
            var page = await Store.SearchCasesAsync(new CaseQuery(Offset: offset, Limit: 3));
            Assert.Equal(7, page.Total);
            seen.AddRange(page.Items.Select(c => c.CaseNumber));
        }
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(["P2", "P5", "P1", "P4", "P0", "P3", "P6"], seen);
    }

    [Fact]
    public async Task SearchCasesAsync_ConcludedCase_KeepsOutcomeAndConcludedAt()
    {
        var record = Some.Case("Z", 1) with { State = "Concluded", Outcome = "Approved", ConcludedAt = Some.T0.AddDays(9) };
        await Store.CommitAsync(Some.Commit("Z", 0, record: record));

        var found = Assert.Single((await Store.SearchCasesAsync(new CaseQuery(State: "Concluded"))).Items);
        Assert.Equal("Approved", found.Outcome);
        Assert.Equal(Some.T0.AddDays(9), found.ConcludedAt);
        Assert.Equal("hash-000104002000", found.ContentHash);
        Assert.Equal("Promised", found.Kind);
        Assert.Equal(1, found.ItemVersion);
    }
}
