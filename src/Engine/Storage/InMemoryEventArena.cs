namespace OneStop.Engine.Storage;

/// <summary>What every case log of one in-memory store keeps, in chunks: the events (8 192 references a chunk) and,
/// per commit, the columns its events share and where they and its outbox rows sit (1 024 a chunk). A case owns no array of its own
/// (no per-case array copied at every growth, no per-commit object): the collector moves a 48–64 KB chunk instead of
/// dozens of small objects per case. Chunks stay under the large-object threshold on purpose: large-object
/// allocations at this rate brought background gen2 collections forward. A log is a backward chain of its commits.
/// Not thread-safe: used under the store's lock.</summary>
internal sealed class InMemoryEventArena
{
    private const int ItemChunk = 8_192;
    private const int CommitChunk = 1_024;
    private readonly List<object[]> _items = [];
    private readonly List<Commit[]> _commits = [];
    private int _itemCount;
    private int _commitCount;

    /// <summary>Appends an event (a compact <see cref="Events.CaseEvent"/> or a kept <see cref="EventRecord"/>) and
    /// returns its index.</summary>
    public int AddItem(object item)
    {
        var chunk = _itemCount / ItemChunk;
        if (chunk == _items.Count) _items.Add(new object[ItemChunk]);
        _items[chunk][_itemCount % ItemChunk] = item;
        return _itemCount++;
    }

    /// <summary>The event at <paramref name="index"/>.</summary>
    public object Item(int index) => _items[index / ItemChunk][index % ItemChunk];

    /// <summary>Appends a commit and returns its index.</summary>
    public int AddCommit(in Commit commit)
    {
        var chunk = _commitCount / CommitChunk;
        if (chunk == _commits.Count) _commits.Add(new Commit[CommitChunk]);
        _commits[chunk][_commitCount % CommitChunk] = commit;
        return _commitCount++;
    }

    /// <summary>The commit at <paramref name="index"/>.</summary>
    public ref readonly Commit CommitAt(int index) => ref _commits[index / CommitChunk][index % CommitChunk];

    /// <summary>Records that the commit at <paramref name="index"/> wrote the <paramref name="count"/> outbox slots from
    /// <paramref name="start"/> (its rows, whose ids the store indexes by this range).</summary>
    public void SetOutbox(int index, long start, int count)
    {
        ref var commit = ref _commits[index / CommitChunk][index % CommitChunk];
        commit = commit with { OutboxStart = start, OutboxCount = count };
    }

    /// <summary>One commit of a case: its events are the <see cref="Count"/> items from <see cref="First"/> (appended
    /// together under the store's lock), compact ones sharing <see cref="At"/>, <see cref="Actor"/> and
    /// <see cref="CommandKey"/> (null when every event of the commit is kept as given); <see cref="Previous"/> is the
    /// case's commit before it (−1 for its first). An engine commit's outbox rows sit in the <see cref="OutboxCount"/>
    /// slots of the store's outbox from <see cref="OutboxStart"/> (their ids are <c>case:first:k</c>, found by this
    /// range instead of a table entry per message).</summary>
    internal readonly record struct Commit(DateTimeOffset At, string? Actor, string? CommandKey, int First, int Count, int Previous,
        long OutboxStart = 0, int OutboxCount = 0);
}
