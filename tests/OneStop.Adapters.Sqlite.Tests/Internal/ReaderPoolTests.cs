using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

public sealed class ReaderPoolTests : SqliteStoreTestBase
{
    private string ReadConnectionString =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = FilePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    [Fact]
    public void Return_SessionWithFewStatements_IsRentedAgainWithItsStatements()
    {
        using var pool = new ReaderPool(ReadConnectionString, 4);
        var session = pool.Rent();
        var command = session.Command("SELECT count(*) FROM cases WHERE state = $s", "$s");
        pool.Return(session);

        var again = pool.Rent();

        Assert.Same(session, again);
        Assert.Same(command, again.Command("SELECT count(*) FROM cases WHERE state = $s", "$s"));
        pool.Return(again);
    }

    [Fact]
    public void Return_SessionOverTheStatementLimit_IsClosedNotPooled()
    {
        using var pool = new ReaderPool(ReadConnectionString, 4);
        var session = pool.Rent();
        for (var i = 0; i <= ReaderSession.MaxStatements; i++) session.Command($"SELECT {i}");
        Assert.Equal(ReaderSession.MaxStatements + 1, session.StatementCount);

        pool.Return(session);

        Assert.Equal(System.Data.ConnectionState.Closed, session.Connection.State);
        var fresh = pool.Rent();
        Assert.NotSame(session, fresh);
        Assert.Equal(0, fresh.StatementCount);
        pool.Return(fresh);
    }

    [Fact]
    public async Task SearchCasesAsync_SameShapeNewValues_ReusesTheStatementWithTheNewValues()
    {
        foreach (var (number, applicant) in new[] { ("A1", "张三"), ("A2", "李四"), ("A3", "张三") })
        {
            await Store.CommitAsync(Storage.Conformance.Some.Commit(number, 0,
                record: Storage.Conformance.Some.Case(number, 1, applicant: applicant, submittedAt: Storage.Conformance.Some.T0.AddHours(number[1] - '0'))));
        }

        for (var round = 0; round < 3; round++)
        {
            var zhang = await Store.SearchCasesAsync(new Engine.Storage.CaseQuery(Applicant: "张三"));
            var li = await Store.SearchCasesAsync(new Engine.Storage.CaseQuery(Applicant: "李四", Limit: 1));
            var none = await Store.SearchCasesAsync(new Engine.Storage.CaseQuery(Applicant: "王五"));

            Assert.Equal(["A3", "A1"], zhang.Items.Select(c => c.CaseNumber));
            Assert.Equal(2, zhang.Total);
            Assert.Equal(["A2"], li.Items.Select(c => c.CaseNumber));
            Assert.Equal(1, li.Total);
            Assert.Empty(none.Items);
            Assert.Equal(0, none.Total);
        }
    }
}
