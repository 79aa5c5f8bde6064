using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The page caches' fixed region (<see cref="PageCacheMemory"/>): given to SQLite with the process settings,
/// large enough for the writer's whole cache, and where a store's pages are held.</summary>
public sealed class PageCacheMemoryTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Region_IsInstalledWithTheProcessSettings_AndHoldsTheWriterCache()
    {
        Assert.True(SqliteProcessConfig.Applied);
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(PageCacheMemory.Bytes > 0, "No page-cache region was given to SQLite.");
        // A 1 KB page with SQLite's headers fits one slot, and the writer's whole cache fits the region.
        Assert.InRange(PageCacheMemory.SlotSize, 1024 + 64, 2048);
        Assert.True(PageCacheMemory.Slots >= WriterSession.WriterCacheKib,
            $"{PageCacheMemory.Slots} slots for a writer cache of {WriterSession.WriterCacheKib} 1 KB pages.");
        // The region is whole 2 MB pages, filled with slots.
        Assert.Equal(0, PageCacheMemory.Bytes % (2 * 1024 * 1024));
        Assert.InRange(PageCacheMemory.Bytes - (long)PageCacheMemory.Slots * PageCacheMemory.SlotSize, 0, PageCacheMemory.SlotSize - 1);
    }

    [Fact]
    public async Task StorePages_AreHeldInTheRegion()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var store = SqliteCaseStore.Open(_file.Path);
        for (var i = 0; i < 20; i++) await store.CommitAsync(Some.Commit($"PM-{i}", 0));
        Assert.NotNull(await store.GetCaseAsync("PM-7"));
        // The open store's writer keeps the pages it read and wrote: they are in slots, not on the heap.
        Assert.True(PageCacheMemory.SlotsInUse > 0, "The store's pages were not taken from the region.");
    }
}
