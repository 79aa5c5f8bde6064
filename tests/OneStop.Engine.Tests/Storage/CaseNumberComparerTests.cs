using System.Globalization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The comparer the in-memory store's case table and the snapshot cache share (<see cref="CaseNumberComparer"/>):
/// the hash it remembers for the last string is that string's, whatever was hashed before, and a case number given as
/// a span hashes as its string does (the store looks outbox ids' case numbers up as spans).</summary>
public sealed class CaseNumberComparerTests
{
    [Fact]
    public void GetHashCode_AfterOtherStrings_IsEachStringsOwn()
    {
        var comparer = new CaseNumberComparer();
        var numbers = Enumerable.Range(0, 200).Select(Number).ToArray();
        var first = numbers.Select(n => new CaseNumberComparer().GetHashCode(n)).ToArray();

        // The same instance twice, then an equal copy, then the next number: each gets its own hash.
        for (var i = 0; i < numbers.Length; i++)
        {
            Assert.Equal(first[i], comparer.GetHashCode(numbers[i]));
            Assert.Equal(first[i], comparer.GetHashCode(numbers[i]));
            Assert.Equal(first[i], comparer.GetHashCode(new string(numbers[i].AsSpan())));
        }
        Assert.True(first.Distinct().Count() > 190);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("000201005000-20261124-00001")]
    public void GetHashCode_OfASpan_IsItsStrings(string text)
    {
        var comparer = new CaseNumberComparer();
        var expected = comparer.GetHashCode(text);

        Assert.Equal(expected, comparer.GetHashCode(("x" + text + "y").AsSpan(1, text.Length)));
        Assert.True(comparer.Equals(text.AsSpan(), text));
        Assert.Equal(text, comparer.Create(text.AsSpan()));
    }

    [Fact]
    public void Dictionary_KeysFoundByStringAndSpan_OddAndEvenLengths()
    {
        var cases = new Dictionary<string, int>(new CaseNumberComparer());
        for (var i = 0; i < 5_000; i++) cases.Add(Number(i) + new string('x', i % 3), i);
        var spans = cases.GetAlternateLookup<ReadOnlySpan<char>>();

        for (var i = 0; i < 5_000; i++)
        {
            var key = Number(i) + new string('x', i % 3);
            Assert.Equal(i, cases[key]);
            Assert.True(spans.TryGetValue(key.AsSpan(), out var value));
            Assert.Equal(i, value);
        }
        Assert.False(cases.ContainsKey(Number(5_000)));
    }

    private static string Number(int i) => string.Create(CultureInfo.InvariantCulture, $"000201005000-20261124-{i:00000}");
}
