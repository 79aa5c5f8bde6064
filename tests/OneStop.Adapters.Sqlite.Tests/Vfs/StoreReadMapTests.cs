using OneStop.Adapters.Sqlite.Internal;
using OneStop.Adapters.Sqlite.Vfs;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>A store's writer reads the pages its cache let go from its maps of the WAL and the database file, and reads
/// them right.</summary>
[Collection(VfsTestCollection.Name)]
public sealed class StoreReadMapTests : IDisposable
{
    private readonly TempFile _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Store_WriterReadsBackSpilledPages_FromTheMap_EveryCaseAndPageIntact()
    {
        if (!OperatingSystem.IsLinux()) return;
        var store = SqliteCaseStore.Open(_db.Path);
        try
        {
            // A page cache of 16 pages: the writer must read back nearly every page it wrote a moment ago.
            await store.Writer.EnqueueAsync(session =>
            {
                SqliteSchema.Execute(session.Connection, "PRAGMA cache_size = 16");
                return null;
            }, CancellationToken.None);
            var reads = ReadMap.Reads;
            for (var i = 0; i < 200; i++) await store.CommitAsync(Some.Commit($"M-{i}", 0, events: 2));
            for (var i = 0; i < 200; i++) await store.CommitAsync(Some.Commit($"M-{i}", 2, events: 1));
            var check = await store.Writer.EnqueueAsync(session => SqliteSchema.Scalar(session.Connection, "PRAGMA integrity_check"), CancellationToken.None);

            Assert.True(ReadMap.Reads - reads > 200, $"{ReadMap.Reads - reads} mapped reads");
            Assert.Equal("ok", check);
            for (var i = 0; i < 200; i++) Assert.Equal(3, (await store.GetCaseAsync($"M-{i}"))!.Version);
        }
        finally
        {
            await store.DisposeAsync();
        }
        Assert.Equal("ok", _db.Scalar("PRAGMA integrity_check"));
    }
}
