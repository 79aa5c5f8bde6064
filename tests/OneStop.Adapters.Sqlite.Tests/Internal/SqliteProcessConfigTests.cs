using System.Runtime.CompilerServices;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;
using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>SQLite's process-wide settings (<see cref="SqliteProcessConfig"/>): applied before the library initialises,
/// memory statistics are off, so no allocation of any connection takes SQLite's global statistics mutex.</summary>
public sealed class SqliteProcessConfigTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    // SQLite takes process-wide settings only before it initialises, and a test that opens a plain connection first would
    // initialise it with the defaults: this assembly applies them when it loads, as a host's first store does.
#pragma warning disable CA2255 // A test assembly's initializer: it runs before any test touches SQLite.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ApplyFirst() => _ = SqliteProcessConfig.Applied;

    [Fact]
    public async Task Store_RunsWithoutSqliteMemoryStatistics()
    {
        Assert.True(SqliteProcessConfig.Applied);
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("MS-1", 0));
        Assert.NotNull(await store.GetCaseAsync("MS-1"));
        // With statistics on, SQLite counts every byte the open connections hold (page caches, schemas, statements).
        Assert.Equal(0, raw.sqlite3_memory_used());
    }
}
