using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>The SQLite store, on a real temp file with synchronous=FULL, passes the whole conformance suite unchanged.</summary>
public sealed class SqliteCaseStoreConformanceTests : CaseStoreConformanceTests
{
    private readonly TempFile _file = new();

    protected override Task<ICaseStore> CreateStoreAsync() => Task.FromResult<ICaseStore>(SqliteCaseStore.Open(_file.Path));

    protected override async Task DisposeStoreAsync(ICaseStore store)
    {
        await base.DisposeStoreAsync(store);
        _file.Dispose();
    }
}
