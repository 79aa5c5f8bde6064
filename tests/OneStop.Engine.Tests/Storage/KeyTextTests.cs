using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The idempotency keys' text in shared char chunks (<see cref="KeyText"/>): every key reads back whole wherever
/// it fell (a chunk's end, a chunk of its own), and a span matches a reference by its text.</summary>
public sealed class KeyTextTests
{
    private const int ChunkChars = 32_768;

    [Fact]
    public void Add_ManyKeysAcrossChunkEnds_ReadsEveryKeyBack()
    {
        var text = new KeyText();
        var keys = Enumerable.Range(0, 6_000).Select(i => $"k{i}-" + new string((char)('a' + i % 26), i % 37)).ToList();

        var refs = keys.Select(k => text.Add(k)).ToList();

        // About 150,000 chars: several chunks, so keys fell at chunk ends (each goes whole into the next chunk).
        Assert.True(refs.Select(r => r.Chunk).Distinct().Count() >= 4);
        for (var i = 0; i < keys.Count; i++) Assert.Equal(keys[i], new string(text.Text(refs[i])));
        Assert.Equal(keys[^1], text.ToString(refs[^1]));
    }

    [Fact]
    public void Add_KeyFillingAChunkExactly_AndKeysLongerThanAChunk_ReadBackWhole()
    {
        var text = new KeyText();
        var first = text.Add("a");
        // Exactly a chunk with its two-char length: it cannot follow "a", so it opens a chunk and fills it.
        var full = new string('f', ChunkChars - 2);
        var fullRef = text.Add(full);
        var huge = new string('h', ChunkChars + 5);
        var hugeRef = text.Add(huge);
        var after = text.Add("after");
        var empty = text.Add("");

        Assert.Equal("a", text.ToString(first));
        Assert.Equal(full, text.ToString(fullRef));
        Assert.Equal(huge, text.ToString(hugeRef));
        Assert.Equal("after", text.ToString(after));
        Assert.Equal("", text.ToString(empty));
        Assert.Equal([0, 1, 2, 3, 3], new[] { first, fullRef, hugeRef, after, empty }.Select(r => r.Chunk));
        Assert.Equal(0, fullRef.Start);
    }

    [Fact]
    public void Matches_ASpanAgainstAReference_ByItsText()
    {
        var text = new KeyText();
        var a = text.Add("key-1");
        var b = text.Add("key-2");

        Assert.True(text.Matches("key-1".AsSpan(), a));
        Assert.False(text.Matches("key-1".AsSpan(), b));
        Assert.False(text.Matches("key-".AsSpan(), a));
        Assert.False(text.Matches("".AsSpan(), default));
        Assert.Null(text.ToString(default));
    }

    [Fact]
    public void AddOrLast_SameTextAsTheLastAdded_IsThatReference_ElseAppended()
    {
        var text = new KeyText();
        var added = text.Add("cmd-7");

        Assert.True(text.AddOrLast(string.Concat("cmd-", "7")).SamePlace(added));
        var other = text.AddOrLast("cmd-8");
        Assert.False(other.SamePlace(added));
        Assert.Equal("cmd-8", text.ToString(other));
        Assert.True(text.AddOrLast(null).IsNone);
    }
}
