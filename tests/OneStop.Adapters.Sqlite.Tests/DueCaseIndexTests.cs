using OneStop.Engine.Scheduling;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>The snapshot-free due list the deadline pass and the simulator read must name the same cases, in the same
/// order and with the same due instants, as <c>FindDueAsync</c>.</summary>
public sealed class DueCaseIndexTests : SqliteStoreTestBase
{
    [Fact]
    public async Task FindDueCases_SameCasesOrderAndInstantsAsFindDue()
    {
        // Two cases share a due instant (ordered by number), one has none, one is not due yet.
        await Store.CommitAsync(Some.Commit("D2", 0, record: Some.Case("D2", 1, applicant: "甲", due: Some.T0.AddHours(2))));
        await Store.CommitAsync(Some.Commit("D1", 0, record: Some.Case("D1", 1, applicant: null, due: Some.T0.AddHours(2))));
        await Store.CommitAsync(Some.Commit("D0", 0, record: Some.Case("D0", 1, applicant: "乙", due: Some.T0.AddHours(1))));
        await Store.CommitAsync(Some.Commit("N", 0, record: Some.Case("N", 1, due: null)));
        await Store.CommitAsync(Some.Commit("L", 0, record: Some.Case("L", 1, due: Some.T0.AddHours(9))));

        foreach (var limit in new[] { 1, 2, 10 })
        {
            var rows = await Store.FindDueAsync(Some.T0.AddHours(3), limit);
            var due = await ((IDueCaseIndex)Store).FindDueCasesAsync(Some.T0.AddHours(3), limit);
            Assert.Equal(rows.Select(r => (r.CaseNumber, r.Applicant, r.EarliestDue!.Value)), due.Select(d => (d.CaseNumber, d.Applicant, d.EarliestDue)));
        }
        Assert.Equal(["D0", "D1", "D2"], (await DueCases.FindAsync(Store, Some.T0.AddHours(3), 10, CancellationToken.None)).Select(d => d.CaseNumber));
        Assert.Empty(await ((IDueCaseIndex)Store).FindDueCasesAsync(Some.T0, 10));
    }
}
