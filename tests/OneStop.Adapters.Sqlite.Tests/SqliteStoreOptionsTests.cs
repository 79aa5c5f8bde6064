using Microsoft.Data.Sqlite;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

public sealed class SqliteStoreOptionsTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private long PageSize()
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Open_NewFile_UsesTheDefaultSmallPageSize()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path)) await store.CommitAsync(Some.Commit("C1", 0));
        Assert.Equal(1024, PageSize());
    }

    [Fact]
    public async Task Open_ExistingFileWithOtherPageSize_KeepsItsPageSizeAndData()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { PageSize = 4096 })) await store.CommitAsync(Some.Commit("C1", 0));
        await using (var store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { PageSize = 1024 }))
        {
            await store.CommitAsync(Some.Commit("C1", 1));
            Assert.Equal(2, (await store.GetCaseAsync("C1"))!.Version);
        }
        Assert.Equal(4096, PageSize());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(3000)]
    [InlineData(131072)]
    public void Open_InvalidPageSize_ThrowsBeforeTheFileIsCreated(int pageSize)
    {
        var ex = Assert.Throws<ArgumentException>(() => SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { PageSize = pageSize }));
        Assert.Contains("PageSize", ex.Message);
        Assert.False(File.Exists(_file.Path));
    }
}
