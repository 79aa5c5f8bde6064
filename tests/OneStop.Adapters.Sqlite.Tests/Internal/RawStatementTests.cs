using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

public sealed class RawStatementTests
{
    public static TheoryData<string> Texts => new()
    {
        "",
        "a",
        "市住房公积金管理中心",
        "923000383000-20250915-00001/3",
        new string('x', 256),
        new string('字', 256),
        new string('字', 257),
        string.Concat(Enumerable.Repeat("申请人 applicant 😀 ", 400)),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Text_AnyLength_ReadsBackAsBoundAndComparesAsTheProvidersBinding(string text)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (v TEXT); INSERT INTO t (v) VALUES ($v);";
            create.Parameters.AddWithValue("$v", text);
            create.ExecuteNonQuery();
        }
        // The row the provider wrote is found by the raw binding (same bytes), and reads back unchanged.
        using var statement = new RawStatement(connection, "SELECT v, length(v), typeof(v) FROM t WHERE v = ?1");
        statement.Text(1, text);
        Assert.True(statement.Step());
        Assert.Equal(text, statement.String(0));
        Assert.Equal("text", statement.String(2));
        Assert.False(statement.Step());
        statement.Reset();
    }

    [Fact]
    public void Text_ShortAfterLong_BindsOnlyItsOwnBytes()
    {
        // The stack buffer is not cleared between binds (SkipLocalsInit): what a longer string left there must not be bound.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT ?1, length(?1), length(CAST(?1 AS BLOB))");
        foreach (var text in new[] { new string('长', 200), "abc", new string('x', 256), "", "办", "ab" })
        {
            statement.Text(1, text);
            Assert.True(statement.Step());
            Assert.Equal(text, statement.String(0));
            Assert.Equal(text.Length, statement.Int64(1));
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), statement.Int64(2));
            statement.Reset();
        }
    }

    [Fact]
    public void Text_Null_BindsNull()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT ?1 IS NULL, ?2 IS NULL");
        statement.Text(1, null).Text(2, "");
        Assert.True(statement.Step());
        Assert.Equal(1, statement.Int64(0));
        Assert.Equal(0, statement.Int64(1));
        statement.Reset();
    }

    [Fact]
    public void Rebind_SameValueWhileARowIsPending_IsNotIssued_ADifferentOneIs()
    {
        // SQLite refuses any bind while the statement is between steps (SQLITE_MISUSE): a bind of the value the parameter
        // already holds (the same integer, NULL or string instance) is skipped, so it is not refused; a new value is.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT ?1, ?2, ?3 UNION ALL SELECT 1, 2, 3");
        var text = "923000383000-20250915-00001";
        statement.Int(1, 42).Text(2, text).Null(3);
        Assert.True(statement.Step());
        statement.Int(1, 42).Text(2, text).Null(3).Int(3, (long?)null).Ticks(3, null);
        Assert.Equal(42, statement.Int64(0));
        Assert.Throws<SqliteException>(() => statement.Int(1, 43));
        Assert.Throws<SqliteException>(() => statement.Text(2, new string(text.AsSpan())));
        Assert.Throws<SqliteException>(() => statement.Int(3, 0));
        statement.Reset();
        // The refused binds left their parameters unknown: the next binds are issued, and the row has what they bound.
        statement.Int(1, 42).Text(2, text).Null(3);
        Assert.True(statement.Step());
        Assert.Equal(42, statement.Int64(0));
        Assert.Equal(text, statement.String(1));
        Assert.True(statement.IsNull(2));
        statement.Reset();
    }

    [Fact]
    public void Rebind_AcrossKinds_EveryRunSeesWhatWasBoundLast()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT typeof(?1), quote(?1)");
        var text = "办";
        var sameTextOtherInstance = new string(text.AsSpan());
        (Action Bind, string Type, string Quoted)[] runs =
        [
            (() => statement.Int(1, 5), "integer", "5"),
            (() => statement.Int(1, 5), "integer", "5"),
            (() => statement.Null(1), "null", "NULL"),
            (() => statement.Int(1, 5), "integer", "5"),
            (() => statement.Text(1, text), "text", "'办'"),
            (() => statement.Blob(1, new byte[] { 1, 2 }), "blob", "X'0102'"),
            (() => statement.Text(1, text), "text", "'办'"),
            (() => statement.Text(1, sameTextOtherInstance), "text", "'办'"),
            (() => statement.Text(1, ""), "text", "''"),
            (() => statement.Text(1, null), "null", "NULL"),
            (() => statement.Int(1, 0), "integer", "0"),
            (() => statement.Ticks(1, null), "null", "NULL"),
            (() => statement.Blob(1, ReadOnlyMemory<byte>.Empty), "blob", "X''"),
            (() => statement.Null(1), "null", "NULL"),
            (() => statement.Blob(1, new byte[] { 3 }), "blob", "X'03'"),
            (() => statement.Blob(1, new byte[] { 4 }), "blob", "X'04'"),
            (() => statement.Int(1, 7), "integer", "7"),
        ];
        foreach (var (bind, type, quoted) in runs)
        {
            bind();
            Assert.True(statement.Step());
            Assert.Equal(type, statement.String(0));
            Assert.Equal(quoted, statement.String(1));
            statement.Reset();
        }
    }

    [Fact]
    public void Rebind_SameValues_WritesEveryRow()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (a INTEGER, b TEXT, c INTEGER, n INTEGER)";
            create.ExecuteNonQuery();
        }
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b, c, n) VALUES (?1, ?2, ?3, ?4)");
        var actor = "d12.审批员";
        for (var i = 0; i < 5; i++) Assert.Equal(1, insert.Int(1, 7).Text(2, actor).Int(3, i / 2).Null(4).Execute());
        using var read = new RawStatement(connection, "SELECT group_concat(a || ':' || b || ':' || c || ':' || quote(n), ',') FROM t");
        Assert.True(read.Step());
        Assert.Equal("7:d12.审批员:0:NULL,7:d12.审批员:0:NULL,7:d12.审批员:1:NULL,7:d12.审批员:1:NULL,7:d12.审批员:2:NULL", read.String(0));
        read.Reset();
    }
}
