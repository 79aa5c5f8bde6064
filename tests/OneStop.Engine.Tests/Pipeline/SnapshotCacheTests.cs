using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>The snapshot cache keeps at most its capacity, never drops a case put within the last half-capacity puts,
/// and hands out an entry only at the version asked for.</summary>
public sealed class SnapshotCacheTests
{
    private static CaseSnapshot Case(int n, long version = 1) => new() { CaseNumber = $"C{n}", Version = version };

    private static int Cached(SnapshotCache cache, int upTo)
    {
        var count = 0;
        for (var n = 0; n < upTo; n++)
        {
            if (cache.TryCopy($"C{n}", 1, out _)) count++;
        }
        return count;
    }

    [Fact]
    public void Put_PastCapacity_KeepsTheRecentHalfAndNeverMoreThanCapacity()
    {
        var cache = new SnapshotCache(100);
        for (var n = 0; n < 1_000; n++)
        {
            cache.Put(Case(n));
            Assert.InRange(Cached(cache, n + 1), Math.Min(n + 1, 50), 100);
            // The last 50 puts are always there, whatever came before.
            for (var recent = Math.Max(0, n - 49); recent <= n; recent++) Assert.True(cache.TryCopy($"C{recent}", 1, out _), $"C{recent} after C{n}");
        }
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
            busy.Version++;
            cache.Put(busy);
        }
        Assert.True(cache.TryCopy("C-1", busy.Version, out var copy));
        Assert.NotSame(busy, copy);
    }

    [Fact]
    public void OldGeneration_Hit_IsTakenOnceAndCopiedAtItsVersionOnly()
    {
        var cache = new SnapshotCache(4);
        cache.Put(Case(0));
        cache.Put(Case(1)); // the first generation turns old here
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
    public void PutOfACaseInTheOldGeneration_LeavesOneEntry()
    {
        var cache = new SnapshotCache(4);
        cache.Put(Case(0));
        cache.Put(Case(1)); // C0 and C1 old
        cache.Put(Case(0, version: 2)); // young; the old C0 must not come back later
        cache.Put(Case(2)); // young full: C0 v2 and C2 old, C1 dropped
        Assert.True(cache.TryCopy("C0", 2, out _));
        Assert.False(cache.TryCopy("C0", 1, out _));
        Assert.False(cache.TryCopy("C1", 1, out _));
        cache.Remove("C0");
        Assert.False(cache.TryCopy("C0", 2, out _));
    }

    [Fact]
    public void ZeroCapacity_KeepsNothing()
    {
        var cache = new SnapshotCache(0);
        cache.Put(Case(0));
        Assert.False(cache.TryCopy("C0", 1, out _));
    }
}
