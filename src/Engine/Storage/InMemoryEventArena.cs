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

    /// <summary>Appends a compact event and returns its index. An approval without an opinion (most events a case
    /// keeps that are not shared instances) is kept as its task id alone, a string the case keeps anyway: one object
    /// fewer per approval for every collection to mark and promote; <see cref="Item"/> rebuilds an equal event.</summary>
    public int AddEvent(Events.CaseEvent e) => AddItem(e is Events.TaskApproved { Opinion: null, TaskId: { } taskId } ? taskId : e);

    /// <summary>Appends a record kept as given and returns its index.</summary>
    public int AddRecord(EventRecord record) => AddItem(record);

    private int AddItem(object item)
    {
        var chunk = _itemCount / ItemChunk;
        if (chunk == _items.Count) _items.Add(new object[ItemChunk]);
        _items[chunk][_itemCount % ItemChunk] = item;
        return _itemCount++;
    }

    /// <summary>The event at <paramref name="index"/>: a <see cref="EventRecord"/> kept as given, or a compact
    /// <see cref="Events.CaseEvent"/> (rebuilt when kept as its task id, see <see cref="AddEvent"/>).</summary>
    public object Item(int index)
    {
        var item = RawItem(index);
        return item is string taskId ? new Events.TaskApproved(taskId, null) : item;
    }

    /// <summary>The object kept at <paramref name="index"/> (a task id stands for an approval without opinion).</summary>
    public object RawItem(int index) => _items[index / ItemChunk][index % ItemChunk];

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
        commit = commit.WithOutbox(start, count);
    }

    /// <summary>One commit of a case: its events are the <see cref="Count"/> items from <see cref="First"/> (appended
    /// together under the store's lock), compact ones sharing <see cref="At"/>, <see cref="Actor"/> and
    /// <see cref="CommandKey"/> (null when every event of the commit is kept as given); <see cref="Previous"/> is the
    /// case's commit before it (−1 for its first). An engine commit's outbox rows sit in the <see cref="OutboxCount"/>
    /// slots of the store's outbox from <see cref="OutboxStart"/> (their ids are <c>case:first:k</c>, found by this
    /// range instead of a table entry per message: the store records a range only when it fits, see
    /// <see cref="FitsOutbox"/>). 48 bytes: the time as its UTC ticks and offset, the range as an int and a ushort.</summary>
    internal readonly struct Commit
    {
        private readonly long _utcTicks;
        private readonly int _outboxStart;
        private readonly ushort _outboxCount;
        private readonly short _offsetMinutes;

        public Commit(DateTimeOffset at, string? actor, string? commandKey, int first, int count, int previous)
        {
            _utcTicks = at.UtcTicks;
            _offsetMinutes = PackedInstant.OffsetMinutes(at);
            Actor = actor;
            CommandKey = commandKey;
            First = first;
            Count = count;
            Previous = previous;
        }

        private Commit(in Commit commit, long outboxStart, int outboxCount)
        {
            this = commit;
            _outboxStart = checked((int)outboxStart);
            _outboxCount = checked((ushort)outboxCount);
        }

        /// <summary>The commit's time, as given (the same instant and offset).</summary>
        public DateTimeOffset At => PackedInstant.Unpack(_utcTicks, _offsetMinutes);
        public string? Actor { get; }
        public string? CommandKey { get; }
        public int First { get; }
        public int Count { get; }
        public int Previous { get; }
        public long OutboxStart => _outboxStart;
        public int OutboxCount => _outboxCount;

        /// <summary>True when a commit can record <paramref name="count"/> outbox rows from slot <paramref name="start"/>.</summary>
        public static bool FitsOutbox(long start, int count) => count <= ushort.MaxValue && start + count <= int.MaxValue;

        /// <summary>This commit with its outbox range (which must fit, see <see cref="FitsOutbox"/>).</summary>
        public Commit WithOutbox(long start, int count) => new(this, start, count);
    }
}
