using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>The snapshot cache keeps at most its capacity, never drops an open case put within the last seven eighths
/// of its open room, lets closed cases take only the room open ones leave (so they never push open ones out), and hands
/// out an entry only at the version asked for.</summary>
public sealed class SnapshotCacheTests
{
    private static CaseSnapshot Case(int n, long version = 1, CaseState state = CaseState.InProgress) =>
        new() { CaseNumber = $"C{n}", Version = version, State = state };

    private static int Cached(SnapshotCache cache, int from, int upTo, long version = 1)
    {
        var count = 0;
        for (var n = from; n < upTo; n++)
        {
            if (cache.TryCopy($"C{n}", version, out _)) count++;
        }
        return count;
    }

    [Fact]
    public void Put_PastCapacity_KeepsTheRecentOpenCasesAndNeverMoreThanCapacity()
    {
        // 100: 6 for closed cases, 94 open in 8 generations of 11; the last 7 × 11 open puts are always there.
        var cache = new SnapshotCache(100);
        for (var n = 0; n < 1_000; n++)
        {
            cache.Put(Case(n));
            Assert.InRange(Cached(cache, 0, n + 1), Math.Min(n + 1, 77), 94);
            for (var recent = Math.Max(0, n - 76); recent <= n; recent++) Assert.True(cache.TryCopy($"C{recent}", 1, out _), $"C{recent} after C{n}");
        }
    }

    [Fact]
    public void ClosedCases_TakeTheRoomOpenOnesLeave_AndGiveItBackToThem()
    {
        // 160: 150 open room, closed generations of 10. With 100 open cases the closed ones hold the other 60 at most,
        // and at least the 50 put last (the oldest generation of 10 goes when a new entry needs room).
        var cache = new SnapshotCache(160);
        for (var n = 0; n < 100; n++) cache.Put(Case(n));
        for (var n = 1_000; n < 3_000; n++)
        {
            cache.Put(Case(n, state: CaseState.Concluded));
            if (n < 1_060) continue;
            Assert.InRange(Cached(cache, 1_000, 3_000), 50, 60);
            for (var recent = n - 49; recent <= n; recent++) Assert.True(cache.TryCopy($"C{recent}", 1, out _), $"C{recent} after C{n}");
        }
        Assert.Equal(100, Cached(cache, 0, 100));
        // More open cases (131, still within the seven eighths of the open room no open case is dropped from) push
        // closed ones out; closed ones never push them out.
        for (var n = 100; n < 131; n++) cache.Put(Case(n));
        Assert.Equal(131, Cached(cache, 0, 131));
        Assert.InRange(Cached(cache, 1_000, 3_000), 20, 29);
        Assert.True(cache.TryCopy("C2999", 1, out _));
        for (var n = 3_000; n < 3_100; n++) cache.Put(Case(n, state: CaseState.Concluded));
        Assert.Equal(131, Cached(cache, 0, 131));
        Assert.InRange(Cached(cache, 3_000, 3_100), 20, 29);
    }

    [Fact]
    public void MixedPuts_NeverKeepMoreThanCapacity()
    {
        // Cases open, are put again, close, are put again closed, taken and removed, in a fixed pseudo-random order.
        var cache = new SnapshotCache(160);
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var n = random.Next(600);
            var version = random.Next(1, 3);
            switch (random.Next(10))
            {
                case < 5: cache.Put(Case(n, version)); break;
                case < 8: cache.Put(Case(n, version, CaseState.Concluded)); break;
                case 8: cache.TryTake($"C{n}", version, out _); break;
                default: cache.Remove($"C{n}"); break;
            }
            if (i % 97 == 0) Assert.InRange(Cached(cache, 0, 600) + Cached(cache, 0, 600, version: 2), 0, 160);
        }
    }

    [Fact]
    public void OpenCases_StayWhileOthersOpenAndClose_AsLongAsTheyFit()
    {
        // 150 open room in 8 generations of 18: the 100 long-open cases are never dropped, however many cases pass
        // through the generations, because the ones that closed left their room.
        var cache = new SnapshotCache(160);
        for (var n = 0; n < 100; n++) cache.Put(Case(n));
        for (var n = 1_000; n < 5_000; n++)
        {
            cache.Put(Case(n));
            cache.Put(Case(n, version: 2, state: CaseState.Concluded));
        }
        Assert.Equal(100, Cached(cache, 0, 100));
    }

    [Fact]
    public void TakeAndPutBack_KeepsACaseInUse_WhileOthersComeAndGo()
    {
        var cache = new SnapshotCache(10);
        var busy = Case(-1);
        cache.Put(busy);
        for (var n = 0; n < 200; n++)
        {
            cache.Put(Case(n));
            Assert.True(cache.TryTake("C-1", busy.Version, out var taken));
            Assert.Same(busy, taken);
            Assert.False(cache.TryCopy("C-1", busy.Version, out _));
            busy.Version++;
            cache.Put(busy);
        }
        Assert.True(cache.TryCopy("C-1", busy.Version, out var copy));
        Assert.NotSame(busy, copy);
    }

    [Fact]
    public void Take_IsOnce_AndOnlyAtTheCachedVersion()
    {
        var cache = new SnapshotCache(4);
        cache.Put(Case(0));
        cache.Put(Case(1)); // C0's generation is no longer the youngest
        Assert.False(cache.TryCopy("C0", 2, out _));
        Assert.True(cache.TryCopy("C0", 1, out _));
        Assert.True(cache.TryTake("C0", 1, out _));
        Assert.False(cache.TryTake("C0", 1, out _));
        Assert.False(cache.TryCopy("C0", 1, out _));
    }

    [Fact]
    public void StaleVersion_IsDroppedOnTake()
    {
        var cache = new SnapshotCache(10);
        cache.Put(Case(0, version: 3));
        Assert.False(cache.TryTake("C0", 4, out _));
        Assert.False(cache.TryCopy("C0", 3, out _));
    }

    [Fact]
    public void PutAgain_MovesACaseToTheYoungestGeneration_AndRemoveForgetsIt()
    {
        var cache = new SnapshotCache(8); // 8 generations of one
        cache.Put(Case(0));
        for (var n = 1; n < 7; n++) cache.Put(Case(n));
        cache.Put(Case(0, version: 2)); // re-listed as the youngest: outlives C1…C6's generations
        for (var n = 7; n < 14; n++) cache.Put(Case(n));
        Assert.True(cache.TryCopy("C0", 2, out _));
        Assert.False(cache.TryCopy("C0", 1, out _));
        Assert.Equal(0, Cached(cache, 1, 7));
        cache.Remove("C0");
        Assert.False(cache.TryCopy("C0", 2, out _));
    }

    [Fact]
    public void ZeroCapacity_KeepsNothing()
    {
        var cache = new SnapshotCache(0);
        cache.Put(Case(0));
        cache.Put(Case(1, state: CaseState.Concluded));
        Assert.False(cache.TryCopy("C0", 1, out _));
        Assert.False(cache.TryCopy("C1", 1, out _));
    }

    [Fact]
    public void CaseNumbers_EndingInAnyCharacter_AreFoundTakenAndRemoved()
    {
        // Entries sit in one of 16 dictionaries by the last character: numbers that end alike and unlike, in ASCII and not.
        string[] endings = ["0", "9", "A", "z", "-", "号", "\u00ff", "\uffff"];
        var numbers = new List<string>();
        for (var n = 0; n < 300; n++) numbers.Add($"000100000003-20250922-{n:00000}{endings[n % endings.Length]}");
        numbers.Add("7");
        var cache = new SnapshotCache(10_000);
        foreach (var number in numbers) cache.Put(new CaseSnapshot { CaseNumber = number, Version = 3, State = CaseState.InProgress });
        foreach (var number in numbers)
        {
            Assert.True(cache.TryCopy(number, 3, out var copy), number);
            Assert.Equal(number, copy.CaseNumber);
        }
        for (var k = 0; k < numbers.Count; k += 2)
        {
            Assert.True(cache.TryTake(numbers[k], 3, out var taken));
            Assert.Equal(numbers[k], taken.CaseNumber);
            Assert.False(cache.TryTake(numbers[k], 3, out _));
        }
        for (var k = 1; k < numbers.Count; k += 4) cache.Remove(numbers[k]);
        for (var k = 0; k < numbers.Count; k++)
            Assert.Equal(k % 2 == 1 && k % 4 != 1, cache.TryCopy(numbers[k], 3, out _));
    }
}
