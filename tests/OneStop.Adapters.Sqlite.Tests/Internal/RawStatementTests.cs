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

    private static SqliteConnection BlobTable()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, a BLOB, b INTEGER)";
        create.ExecuteNonQuery();
        return connection;
    }

    private static string Rows(SqliteConnection connection)
    {
        using var read = new RawStatement(connection, "SELECT group_concat(quote(a) || ':' || quote(b), ',') FROM (SELECT a, b FROM t ORDER BY id)");
        return read.ReadFirst(r => r.String(0), "");
    }

    [Fact]
    public unsafe void BlobPinned_BufferReusedAfterTheRun_RowsKeepWhatWasBound()
    {
        using var connection = BlobTable();
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
        // One buffer, rewritten between runs as a pooled buffer would be: each row holds the bytes of its own run.
        var buffer = new byte[] { 1, 2, 3 };
        for (byte i = 0; i < 3; i++)
        {
            buffer[0] = (byte)(0x10 + i);
            fixed (byte* p = buffer) Assert.Equal(1, insert.BlobPinned(1, p, buffer.Length).Int(2, i).Execute());
            Assert.True(insert.IsPinned(1));
            buffer[1] = 0xEE;
        }
        // Garbage and compaction after the runs move nothing SQLite still reads.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Array.Fill(buffer, (byte)0xFF);

        Assert.Equal("X'100203':0,X'11EE03':1,X'12EE03':2", Rows(connection));
    }

    [Fact]
    public unsafe void BlobPinned_NextRunWithoutBindingItAgain_RefusedBeforeItSteps()
    {
        using var connection = BlobTable();
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
        var bytes = new byte[] { 7 };
        fixed (byte* p = bytes) insert.BlobPinned(1, p, 1).Int(2, 1).Execute();

        // The pointer of the run above is still bound (a reset keeps bindings); a run that did not bind it again is refused.
        Assert.Throws<InvalidOperationException>(() => insert.Int(2, 2).Execute());
        Assert.Throws<InvalidOperationException>(() => insert.Step());

        // Bound any other way, the parameter no longer points to the caller's memory, and the run goes on.
        insert.Blob(1, new byte[] { 8 });
        Assert.False(insert.IsPinned(1));
        Assert.Equal(1, insert.Int(2, 3).Execute());
        Assert.Equal(1, insert.Int(2, 4).Execute());
        fixed (byte* p = bytes) insert.BlobPinned(1, p, 1).Int(2, 5).Execute();
        insert.Null(1);
        Assert.Equal(1, insert.Int(2, 6).Execute());
        fixed (byte* p = bytes) insert.BlobPinned(1, p, 1).Int(2, 7).Execute();
        insert.Int(1, 9);
        Assert.Equal(1, insert.Int(2, 8).Execute());

        Assert.Equal("X'07':1,X'08':3,X'08':4,X'07':5,NULL:6,X'07':7,9:8", Rows(connection));
    }

    [Fact]
    public unsafe void BlobPinned_ARunAbandonedByARefusedBind_ItsPointerServesNoLaterRun()
    {
        using var connection = BlobTable();
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
        var bytes = new byte[] { 7 };
        // Parameter 3 does not exist: SQLite refuses the bind (SQLITE_RANGE) and the run is abandoned after the pin.
        fixed (byte* p = bytes)
        {
            var pointer = p;
            Assert.Throws<SqliteException>(() => insert.BlobPinned(1, pointer, 1).Int(3, 1));
        }

        Assert.Throws<InvalidOperationException>(() => insert.Int(2, 2).Execute());
        Assert.Equal("", Rows(connection));
    }

    [Fact]
    public unsafe void BlobPinned_Empty_BindsAnEmptyBlobNotNull()
    {
        using var connection = BlobTable();
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
        var empty = Array.Empty<byte>();
        fixed (byte* p = empty) insert.BlobPinned(1, p, 0).Int(2, 1).Execute();
        Assert.False(insert.IsPinned(1));
        // Nothing points to the caller's memory: the next run needs no new bind.
        insert.Int(2, 2).Execute();

        Assert.Equal("X'':1,X'':2", Rows(connection));
    }

    [Fact]
    public unsafe void BlobPinned_IndexOutOfRange_Refused()
    {
        using var connection = BlobTable();
        using var insert = new RawStatement(connection, "INSERT INTO t (a, b) VALUES (?1, ?2)");
        var bytes = new byte[] { 1 };
        fixed (byte* p = bytes)
        {
            var pointer = p;
            Assert.Throws<ArgumentOutOfRangeException>(() => insert.BlobPinned(0, pointer, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => insert.BlobPinned(3, pointer, 1));
        }
    }
}
