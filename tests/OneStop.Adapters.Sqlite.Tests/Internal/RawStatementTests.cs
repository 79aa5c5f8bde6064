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
}
