using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store's outbox index keeps the engine's ids (<c>case:first:k</c>) as the case number and one
/// number: every id must still have exactly one key, and give its text back unchanged.</summary>
public sealed class OutboxMessageKeyTests
{
    [Theory]
    [InlineData("000201005000-20261122-00001:12:0")]
    [InlineData("C1:1:0")]
    [InlineData("a:b:3:65535")]
    [InlineData(":1:0")]
    [InlineData("C1:0:0")]
    [InlineData("C1:140737488355327:7")]
    [InlineData("C1:140737488355328:7")]
    [InlineData("C1:1:65536")]
    [InlineData("C1:01:0")]
    [InlineData("C1:1:00")]
    [InlineData("C1:-1:0")]
    [InlineData("C1:+1:0")]
    [InlineData("C1::0")]
    [InlineData("C1:1:")]
    [InlineData("C1:1")]
    [InlineData("m0")]
    [InlineData("")]
    [InlineData("C1:１:0")]
    [InlineData("C1:1234567890123456789:0")]
    public void Parse_AnyId_GivesItsTextBack(string id) => Assert.Equal(id, OutboxMessageKey.Parse(id).ToString());

    [Theory]
    [InlineData("C1", 1L, 0)]
    [InlineData("C1", 38L, 12)]
    [InlineData("a:b", 3L, 65535)]
    [InlineData("C1", 140737488355328L, 0)]
    [InlineData("C1", 1L, 65536)]
    [InlineData("C1", -2L, 0)]
    public void Of_IsTheKeyOfTheEngineId(string caseNumber, long first, int position)
    {
        var id = $"{caseNumber}:{first}:{position}";
        var key = OutboxMessageKey.Of(caseNumber, first, position);

        Assert.Equal(OutboxMessageKey.Parse(id), key);
        Assert.Equal(OutboxMessageKey.Parse(id).GetHashCode(), key.GetHashCode());
        Assert.Equal(id, key.ToString());
    }

    [Fact]
    public void DifferentIds_HaveDifferentKeys()
    {
        string[] ids = ["C1:1:0", "C1:1:1", "C1:2:0", "C2:1:0", "C1:01:0", "C1:1:00", "C1:1", "C1:65536:0", "C1:1:65536", "C1"];
        var keys = ids.Select(OutboxMessageKey.Parse).ToHashSet();
        Assert.Equal(ids.Length, keys.Count);
    }

    [Fact]
    public void Sharing_TakesTheCaseNumbersString_OnlyForThatCasesOwnIds()
    {
        var caseNumber = new string("C1".AsSpan());
        var parsed = OutboxMessageKey.Parse("C1:3:1");

        Assert.NotSame(caseNumber, parsed.Text);
        Assert.Same(caseNumber, parsed.Sharing(caseNumber).Text);
        Assert.Equal(parsed, parsed.Sharing(caseNumber));
        Assert.Equal("C1:3:1", OutboxMessageKey.Parse("C1:3:1").Sharing("C2").ToString());
        Assert.Equal("m0", OutboxMessageKey.Parse("m0").Sharing("m0").ToString());
    }
}
