using OneStop.Engine.Scheduling;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A page read with a bound LIMIT (case searches, task lists, due lists, dead messages) runs its pooled prepared
/// statement again with new values without SQLite compiling it again: a LIMIT that is a bare parameter made SQLite plan
/// with its bound value and recompile the statement at every rebind (see <c>SqliteValues.Paging</c>). The pages must
/// still be the ones the limits and offsets ask for.</summary>
public sealed class PagedReadPlanTests : SqliteStoreTestBase
{
    [Fact]
    public async Task PageReads_RunAgainWithNewValues_AreNotRecompiled_AndPageAsAsked()
    {
        for (var i = 0; i < 6; i++)
        {
            var number = $"C{i}";
            await Store.CommitAsync(Some.Commit(number, 0, record: Some.Case(number, 1, applicant: i % 2 == 0 ? "甲" : "乙",
                submittedAt: Some.T0.AddMinutes(i), due: Some.T0.AddHours(i), snapshot: $"{{\"n\":{i}}}")));
        }

        // Each read runs several times with other values, so a statement that recompiles on rebind would show it.
        for (var round = 0; round < 3; round++)
        {
            var limit = round + 1;
            var byApplicant = await Store.SearchCasesAsync(new CaseQuery(Applicant: "甲", Limit: limit, Offset: round % 2));
            Assert.Equal(3, byApplicant.Total);
            Assert.Equal(new[] { "C4", "C2", "C0" }.Skip(round % 2).Take(limit), byApplicant.Items.Select(c => c.CaseNumber));
            var byDay = await Store.SearchCasesAsync(new CaseQuery(ItemCode: "000104002000", SubmittedFrom: Some.T0.AddMinutes(round),
                SubmittedTo: Some.T0.AddDays(1), Limit: limit));
            Assert.Equal(6 - round, byDay.Total);
            Assert.Equal(limit, byDay.Items.Count);
            Assert.Equal($"{{\"n\":5}}", System.Text.Encoding.UTF8.GetString(byDay.Items[0].Snapshot.Span));
            var due = await ((IDueCaseIndex)Store).FindDueCasesAsync(Some.T0.AddHours(3 + round), limit + 1);
            Assert.Equal(Enumerable.Range(0, limit + 1).Select(i => $"C{i}"), due.Select(d => d.CaseNumber));
            var dueRows = await Store.FindDueAsync(Some.T0.AddHours(4 + round), limit);
            Assert.Equal(Enumerable.Range(0, limit).Select(i => $"C{i}"), dueRows.Select(d => d.CaseNumber));
            _ = await Store.ListTasksAsync(new TaskQuery("某人", ["edu.licensing"], [], Offset: round, Limit: limit));
            _ = await Store.ListDeadMessagesAsync(limit);
        }

        Assert.Equal(0, Store.Readers.IdleReprepares);
    }
}
