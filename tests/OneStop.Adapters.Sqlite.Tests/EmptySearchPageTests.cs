using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A case search whose count finds nothing at or after its offset answers with the count alone: the page's
/// statement (the case join with its snapshots) is not run, or even prepared. The case number generator's search for
/// an item's cases on a new day is nearly always such a search.</summary>
public sealed class EmptySearchPageTests : SqliteStoreTestBase
{
    [Fact]
    public async Task Search_NothingAtTheOffset_CountOnly_ThenPagesWhenThereIsOne()
    {
        for (var i = 0; i < 3; i++)
        {
            var number = $"C{i}";
            await Store.CommitAsync(Some.Commit(number, 0, record: Some.Case(number, 1, applicant: "甲", submittedAt: Some.T0.AddMinutes(i))));
        }

        var none = await Store.SearchCasesAsync(new CaseQuery(ItemCode: "none", SubmittedFrom: Some.T0, SubmittedTo: Some.T0.AddDays(1), Limit: 1));
        var past = await Store.SearchCasesAsync(new CaseQuery(Applicant: "甲", Offset: 3));

        Assert.Equal((0, 0, 0), (none.Total, none.Items.Count, none.Offset));
        Assert.Equal((3, 0, 3), (past.Total, past.Items.Count, past.Offset));
        Assert.DoesNotContain(Store.Readers.IdlePreparedSql, sql => sql.Contains("ORDER BY submitted_at DESC", StringComparison.Ordinal));

        var page = await Store.SearchCasesAsync(new CaseQuery(Applicant: "甲", Offset: 2));
        Assert.Equal(3, page.Total);
        Assert.Equal(["C0"], page.Items.Select(c => c.CaseNumber));
        Assert.Contains(Store.Readers.IdlePreparedSql, sql => sql.Contains("ORDER BY submitted_at DESC", StringComparison.Ordinal));
    }
}
