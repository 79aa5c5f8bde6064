using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The idempotency keys' text is kept a byte per char when ASCII (the usual key), else as UTF-16: both read
/// back whole and match only their own text, at every length form (two-byte prefix, and the long form from 32,767 chars).</summary>
public sealed class KeyTextEncodingTests
{
    public static TheoryData<string> Keys() =>
    [
        "",
        "b1234567",
        "办件-申报-7",
        "é",
        "key\u007f",
        "key\u0080",
        new string('x', 32_766),
        new string('x', 32_767),
        new string('y', 40_000),
        "办" + new string('x', 32_766),
        new string('办', 20_000),
    ];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Add_AsciiOrNot_ReadsBackAndMatchesOnlyItself(string key)
    {
        var text = new KeyText();
        var before = text.Add("before");
        var at = text.Add(key);
        var after = text.Add("after");

        Assert.Equal(key, text.ToString(at));
        Assert.True(text.Matches(key, at));
        Assert.True(text.AddOrLast(string.Concat("af", "ter")).SamePlace(after));
        Assert.False(text.Matches(key + "!", at));
        Assert.False(text.Matches(key.Length > 0 ? key[..^1] : "x", at));
        if (key.Length > 0) Assert.False(text.Matches(key[..^1] + (char)(key[^1] + 1), at));
        Assert.Equal("before", text.ToString(before));
        Assert.Equal("after", text.ToString(after));
    }

    [Fact]
    public void Matches_SameCharsInTheOtherEncoding_DoNotMatchDifferentText()
    {
        var text = new KeyText();
        // "AB" kept as ASCII bytes 0x41 0x42; the UTF-16 char U+4241 has the same two bytes: it must not match.
        var ascii = text.Add("AB");
        var wide = text.Add("\u4241");

        Assert.False(text.Matches("\u4241", ascii));
        Assert.False(text.Matches("AB", wide));
        Assert.True(text.Matches("\u4241", wide));
    }
}
