using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The writer's connection is opened by the store without a connection mutex (the process and every other
/// connection stay serialized), with the writer's settings, and closes with no statement left on it; one thread at a time
/// uses it, inline commits on callers' threads included.</summary>
public sealed class WriterConnectionTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Open_WriterConnection_HasNoMutexWhileOtherConnectionsHaveOne()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A", 0));

        var writerHasMutex = await store.Writer.EnqueueAsync(session => WriterConnection.HasMutex(session.Connection), CancellationToken.None);

        Assert.Equal(false, writerHasMutex);
        // The provider's connections (readers, checkpointer, audit) keep SQLite's serialized mode.
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        other.Open();
        Assert.True(WriterConnection.HasMutex(other.Handle!));
        var reader = store.Readers.Rent();
        try
        {
            Assert.True(WriterConnection.HasMutex(reader.Connection.Handle!));
        }
        finally
        {
            store.Readers.Return(reader);
        }
    }

    [Theory]
    [InlineData("synchronous", 2L)]
    [InlineData("journal_mode", "wal")]
    [InlineData("cache_size", -2048L)]
    [InlineData("temp_store", 2L)]
    [InlineData("wal_autocheckpoint", 0L)]
    [InlineData("journal_size_limit", 67108864L)]
    public async Task Open_WriterConnection_HasTheWritersSettings(string pragma, object expected)
    {
        await using var store = SqliteCaseStore.Open(_file.Path);

        Assert.Equal(expected, await store.ReadWriterPragmaAsync(pragma));
    }

    /// <summary>Settings the store does not set are as the provider's connection opens them (the compiled defaults).</summary>
    [Theory]
    [InlineData("foreign_keys")]
    [InlineData("recursive_triggers")]
    [InlineData("automatic_index")]
    [InlineData("cell_size_check")]
    [InlineData("query_only")]
    [InlineData("secure_delete")]
    [InlineData("trusted_schema")]
    [InlineData("locking_mode")]
    [InlineData("mmap_size")]
    [InlineData("encoding")]
    public async Task Open_WriterConnection_OtherSettingsAsTheProviderOpensThem(string pragma)
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        using var provider = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        provider.Open();

        Assert.Equal(SqliteSchema.Scalar(provider, "PRAGMA " + pragma), await store.ReadWriterPragmaAsync(pragma));
    }

    [Fact]
    public async Task Open_ExistingFile_WriterConnectionOpensItAgainWithoutMutex()
    {
        await using (var first = SqliteCaseStore.Open(_file.Path)) await first.CommitAsync(Some.Commit("A", 0));

        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A", 1));

        Assert.Equal(false, await store.Writer.EnqueueAsync(session => WriterConnection.HasMutex(session.Connection), CancellationToken.None));
        Assert.Equal(2, (await store.GetCaseAsync("A"))!.Version);
        Assert.Equal(2, (await store.ReadEventsAsync("A")).Count);
    }

    [Fact]
    public async Task DisposeAsync_EveryStatementTheWriterPrepared_FinalizedBeforeItsConnectionCloses()
    {
        var store = SqliteCaseStore.Open(_file.Path);
        // Statements prepared lazily too: definitions, outbox marks (delivered, failed, retried), a refused commit, a case
        // row read back, a pragma read.
        await store.CommitAsync(Some.Commit("A", 0, definition: new DefinitionRecord("h", "item", 1, "text"), outbox: [Some.Message("m1", "A"), Some.Message("m2", "A")]));
        await store.CommitAsync(Some.Commit("A", 1));
        await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(Some.Commit("A", 0, key: "stale")));
        await store.MarkDeliveredAsync(["m1"]);
        await store.MarkFailedAsync("m2", Some.T0, "down", dead: true);
        Assert.True(await store.RetryDeadMessageAsync("m2"));
        await store.ReadWriterPragmaAsync("synchronous");
        var session = store.Writer.Session;

        await store.DisposeAsync();

        Assert.Equal(0, session.StatementsLeftAtClose);
    }

    [Fact]
    public async Task InlineCommits_CallersAndWriterShareTheConnection_EveryRowWrittenAndTheFileIntact()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            // Commits written on the callers' threads (the writer idle) and by the writer thread (queued), interleaved:
            // the gate must hand the mutex-less connection from one thread to the other.
            store.Writer.InlineCommits = true;
            var callers = Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    await store.CommitAsync(Some.Commit($"C{c}", i, outbox: [Some.Message($"m{c}-{i}", $"C{c}")]));
                    if (i % 7 == 0) await Task.Yield();
                }
            })).ToList();
            await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(store.Writer.BatchCount > 0);
            for (var c = 0; c < 6; c++)
            {
                Assert.Equal(60, (await store.GetCaseAsync($"C{c}"))!.Version);
                Assert.Equal(60, (await store.ReadEventsAsync($"C{c}")).Count);
            }
        }

        Assert.Equal("ok", _file.Scalar("PRAGMA integrity_check"));
        Assert.Equal(360L, _file.Scalar("SELECT count(*) FROM events"));
        Assert.Equal(360L, _file.Scalar("SELECT count(*) FROM outbox"));
    }
}
