namespace OneStop.Engine.Storage;

/// <summary>What every case log of one in-memory store keeps, in large chunks: the events (16 384 references a chunk)
/// and, per commit, the columns its events share and where they sit (4 096 a chunk). Each chunk (128–192 KB) lives
/// on the large-object heap, which the collector neither copies nor compacts, and a case owns no array of its own
/// that would be copied from one generation to the next. A log is a backward chain of its commits. Not thread-safe:
/// used under the store's lock.</summary>
internal sealed class InMemoryEventArena
{
    private const int ItemChunk = 16_384;
    private const int CommitChunk = 4_096;
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

    /// <summary>One commit of a case: its events are the <see cref="Count"/> items from <see cref="First"/> (appended
    /// together under the store's lock), compact ones sharing <see cref="At"/>, <see cref="Actor"/> and
    /// <see cref="CommandKey"/> (null when every event of the commit is kept as given); <see cref="Previous"/> is the
    /// case's commit before it (−1 for its first).</summary>
    internal readonly record struct Commit(DateTimeOffset At, string? Actor, string? CommandKey, int First, int Count, int Previous);
}
