using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store's idempotency table (<see cref="KeyTable{TValue}"/>, open addressing over the keys'
/// hashes): every key added is found with its value by its text, a key is never added twice, and a removal leaves every
/// other key reachable (the probe run shifted back, no tombstones), against a dictionary as the model.</summary>
public sealed class KeyTableTests
{
    [Fact]
    public void TryAdd_ManyKeys_EachFoundWithItsValue_AndRefusedAgain()
    {
        var table = new KeyTable<long>(new KeyText());
        // Past several growths of the slots and several chunks of entries.
        for (var i = 0; i < 50_000; i++) Assert.True(table.TryAdd("key-" + i, i * 3L));

        Assert.Equal(50_000, table.Count);
        for (var i = 0; i < 50_000; i++)
        {
            Assert.True(table.TryGetValue(string.Concat("key-", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var value));
            Assert.Equal(i * 3L, value);
        }
        Assert.False(table.TryAdd("key-49999", -1));
        Assert.True(table.TryGetValue("key-49999", out var kept));
        Assert.Equal(49_999 * 3L, kept);
        Assert.False(table.TryGetValue("key-50000", out _));
        Assert.False(table.TryGetValue("", out _));
    }

    [Fact]
    public void TryAdd_TheEmptyKeyAndLongKeys_AreKeysLikeAnyOther()
    {
        var table = new KeyTable<string>(new KeyText());
        var huge = new string('h', 40_000);

        Assert.True(table.TryAdd("", "empty"));
        Assert.True(table.TryAdd(huge, "huge"));
        Assert.False(table.TryAdd("", "again"));

        Assert.True(table.TryGetValue("", out var empty));
        Assert.Equal("empty", empty);
        Assert.True(table.TryGetValue(huge, out var h));
        Assert.Equal("huge", h);
        Assert.False(table.TryGetValue(huge.AsSpan(0, huge.Length - 1), out _));
    }

    [Fact]
    public void AddsAndRemoves_InAnyOrder_MatchADictionary()
    {
        // Small tables (16 to a few hundred slots) so probe runs are long and wrap around the slot array's end.
        var random = new Random(20);
        for (var round = 0; round < 40; round++)
        {
            var table = new KeyTable<int>(new KeyText());
            var model = new Dictionary<string, int>(StringComparer.Ordinal);
            var universe = 8 + random.Next(200);
            for (var op = 0; op < 3_000; op++)
            {
                var key = "k" + random.Next(universe);
                if (random.Next(3) == 0)
                {
                    Assert.Equal(model.Remove(key), table.Remove(key));
                }
                else
                {
                    Assert.Equal(model.TryAdd(key, op), table.TryAdd(key, op));
                }
                if (op % 50 == 0 || op == 2_999)
                {
                    AssertSameAs(model, table, "k", universe);
                }
            }
        }
    }

    [Fact]
    public void Remove_TheKeyJustAdded_GivesItBack_AndItCanBeAddedAgain()
    {
        var text = new KeyText();
        var table = new KeyTable<int>(text);
        Assert.True(table.TryAdd("a", 1));
        Assert.True(table.TryAdd("b", 2));

        Assert.True(table.Remove("b"));
        Assert.False(table.Remove("b"));
        Assert.False(table.TryGetValue("b", out _));
        Assert.True(table.TryAdd("b", 3));
        Assert.True(table.TryGetValue("b", out var again));
        Assert.Equal(3, again);
        Assert.True(table.TryGetValue("a", out var a));
        Assert.Equal(1, a);
    }

    [Fact]
    public void AddsAndRemoves_ThousandsOfKeys_MatchADictionary()
    {
        // Thousands of keys (several growths of the slots, long-lived keys among fresh ones), so lookups, repeats and
        // removals meet keys added long before: a table that keeps recent keys apart from old ones must still match.
        var random = new Random(27);
        var table = new KeyTable<int>(new KeyText());
        var model = new Dictionary<string, int>(StringComparer.Ordinal);
        const int universe = 12_000;
        for (var op = 0; op < 60_000; op++)
        {
            var key = "m" + random.Next(universe);
            if (random.Next(4) == 0) Assert.Equal(model.Remove(key), table.Remove(key));
            else Assert.Equal(model.TryAdd(key, op), table.TryAdd(key, op));
            if (op % 5_000 == 4_999)
            {
                AssertSameAs(model, table, "m", universe);
            }
        }
    }

    [Fact]
    public void AnOldKey_AfterThousandsOfNewer_IsRefusedFoundAndRemovable()
    {
        var table = new KeyTable<int>(new KeyText());
        Assert.True(table.TryAdd("first", 1));
        // Enough newer keys to grow the slots several times.
        for (var i = 0; i < 20_000; i++) Assert.True(table.TryAdd("n" + i, i));

        Assert.False(table.TryAdd("first", 2));
        Assert.True(table.TryGetValue("first", out var value));
        Assert.Equal(1, value);
        Assert.True(table.Remove("first"));
        Assert.False(table.TryGetValue("first", out _));
        Assert.True(table.TryAdd("first", 3));
        Assert.True(table.TryGetValue("first", out value));
        Assert.Equal(3, value);
        Assert.Equal(20_001, table.Count);
        for (var i = 0; i < 20_000; i++) Assert.False(table.TryAdd("n" + i, -1));
    }

    // Every key of the universe answers as the model does, and the counts agree.
    private static void AssertSameAs(Dictionary<string, int> model, KeyTable<int> table, string prefix, int universe)
    {
        Assert.Equal(model.Count, table.Count);
        for (var k = 0; k < universe; k++)
        {
            var probe = prefix + k;
            Assert.Equal(model.TryGetValue(probe, out var expected), table.TryGetValue(probe, out var actual));
            Assert.Equal(expected, actual);
        }
    }
}
