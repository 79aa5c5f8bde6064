namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A fresh SQLite store on a temp file per test, closed and deleted afterwards.</summary>
public abstract class SqliteStoreTestBase : IAsyncLifetime
{
    private readonly TempFile _file = new();

    /// <summary>The store under test.</summary>
    protected SqliteCaseStore Store { get; private set; } = null!;

    /// <summary>The store file's path.</summary>
    protected string FilePath => _file.Path;

    public Task InitializeAsync()
    {
        Store = SqliteCaseStore.Open(_file.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _file.Dispose();
    }
}
