using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>The writer skips the definition insert of a commit whose definition it has seen committed, and learns a
/// definition only when the transaction that wrote it commits: one rolled back, whole or to a savepoint, is written again
/// by the next commit that carries it.</summary>
public sealed class WriterDefinitionsTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private static DefinitionRecord Definition(string hash) => new(hash, "item-" + hash, 1, "text of " + hash);

    [Fact]
    public async Task CommittedDefinition_IsKnownAndKeptOnce()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Some.Commit("A-1", 0, definition: Definition("h1")));
        await store.CommitAsync(Some.Commit("A-2", 0, definition: Definition("h1")));

        var known = await store.Writer.EnqueueAsync(session => session.KnowsDefinition("h1"), CancellationToken.None);

        Assert.Equal(true, known);
        Assert.Equal(1L, _file.Scalar("SELECT count(*) FROM definitions"));
        Assert.Equal("text of h1", (await store.GetDefinitionAsync("h1"))!.Text);
    }

    [Fact]
    public async Task RolledBackTransaction_DefinitionWrittenByTheNextCommit()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        // A lone request has no savepoint: its failure rolls the whole transaction back, the definition with it.
        await Assert.ThrowsAnyAsync<Exception>(() => store.Writer.EnqueueAsync(session =>
        {
            session.Commit(Some.Commit("B-1", 0, definition: Definition("h2")), (ReadOnlyMemory<byte>.Empty, null));
            throw new InvalidOperationException("fails after writing");
        }, CancellationToken.None));
        Assert.Equal(0L, _file.Scalar("SELECT count(*) FROM definitions"));

        await store.CommitAsync(Some.Commit("B-2", 0, definition: Definition("h2")));

        Assert.NotNull(await store.GetDefinitionAsync("h2"));
    }

    [Fact]
    public async Task RolledBackToSavepoint_DefinitionWrittenByTheNextCommit()
    {
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.Writer.EnqueueAsync(session =>
        {
            session.Savepoint();
            session.Commit(Some.Commit("C-1", 0, definition: Definition("h3")), (ReadOnlyMemory<byte>.Empty, null));
            session.RollbackToSavepoint();
            return null;
        }, CancellationToken.None);
        Assert.Equal(false, await store.Writer.EnqueueAsync(session => session.KnowsDefinition("h3"), CancellationToken.None));

        await store.CommitAsync(Some.Commit("C-2", 0, definition: Definition("h3")));

        Assert.NotNull(await store.GetDefinitionAsync("h3"));
    }
}
