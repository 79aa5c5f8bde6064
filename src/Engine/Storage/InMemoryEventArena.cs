namespace OneStop.Engine.Storage;

/// <summary>What every case log of one in-memory store keeps, in chunks: the events (8 192 references a chunk) and,
/// per commit, the columns its events share and where they and its outbox rows sit (1 024 a chunk). A case owns no array of its own
/// (no per-case array copied at every growth, no per-commit object): the collector moves a 48–64 KB chunk instead of
/// dozens of small objects per case. Chunks stay under the large-object threshold on purpose: large-object
/// allocations at this rate brought background gen2 collections forward. A log is a backward chain of its commits.
/// The arena also holds the text of the commits' command keys (<see cref="Keys"/>, shared with the store's idempotency
/// table) and the store's snapshot bytes (<see cref="Snapshots"/>), in chunks of their own.
/// An engine commit's record also keeps its command's result (<see cref="Commit.Result"/>): the store's idempotency table
/// names the commit instead of keeping an entry of its own (<see cref="IKeyRecords{TValue}"/>), and the commit's outbox
/// rows are rebuilt from it. Not thread-safe: used under the store's lock.</summary>
internal sealed class InMemoryEventArena : IKeyRecords<KeptCommand>
{
    private const int ItemChunk = 8_192;
    private const int CommitChunk = 1_024;
    private readonly List<object[]> _items = [];
    private readonly List<Commit[]> _commits = [];
    private int _itemCount;
    private int _commitCount;
    // Opened tasks kept as their seat's template (see AddEvent), by seat part (by reference), node and seat; bounded.
    private const int MaxTemplates = 4_096;
    private readonly Dictionary<TemplateKey, OpenedTask> _templates = [];
    // The task number of the first template of the commit being appended (−1: none yet), and how many it has.
    private int _firstTask = -1;
    private int _templateCount;
    // The item the commit being appended starts at, and the number of the task its first event transferred (−1: none).
    private int _commitStart;
    private int _transferTask = -1;
    // Submissions kept as their shared template (see AddEvent): the first submission seen with those parts, by number
    // (its Applicant is not used); bounded. The template of the commit being appended (−1: none), and the last one used.
    private const int MaxSubmissions = 4_096;
    private readonly List<Events.CaseSubmitted> _submissions = [];
    private readonly Dictionary<SubmissionKey, int> _submissionNumbers = [];
    private int _submission = -1;
    private int _lastSubmission = -1;
    // A commit's FirstTask from SubmissionBase up holds the number of the submission template its first item rebuilds
    // with; a compact transfer's (−2 − n) stays above that range (see AddEvent).
    private const int SubmissionBase = int.MinValue;
    private const long MaxTransferTask = int.MaxValue - 2L - MaxSubmissions;

    /// <summary>An arena whose logs compute their links under <paramref name="gate"/> (the store's lock), or under a lock
    /// of its own.</summary>
    public InMemoryEventArena(Lock? gate = null) => Gate = gate ?? new Lock();

    /// <summary>The lock the arena's logs compute their links under (see <see cref="InMemoryEventLog.LinkAt"/>).</summary>
    public Lock Gate { get; }

    /// <summary>The text of the commits' command keys (and of the store's idempotency table, which shares it).</summary>
    public KeyText Keys { get; } = new();

    /// <summary>The stored snapshots' bytes of the store's cases.</summary>
    public SnapshotChunks Snapshots { get; } = new();

    /// <summary>The number the next commit appended gets.</summary>
    public int NextCommit => _commitCount;

    /// <summary>The key text of commit <paramref name="record"/>; for the next commit (its key claimed in the idempotency
    /// table before the commit is appended, see <see cref="KeyTable{TValue}.TryAddRecord"/>), the text added last.</summary>
    public TextRef KeyOf(int record) => record == _commitCount ? Keys.Last : Keys.Expand(CommitAt(record).CommandKeyPlace);

    /// <summary>The result commit <paramref name="record"/> keeps for its key.</summary>
    public KeptCommand ValueOf(int record) => CommitAt(record).Result;

    /// <summary>The command key of <paramref name="commit"/>, as a new string (null when it has none).</summary>
    public string? CommandKeyOf(in Commit commit) => Keys.ToString(Keys.Expand(commit.CommandKeyPlace));

    /// <summary>The key text's place of <paramref name="commit"/> (none when it has no key).</summary>
    public TextRef CommandKeyAt(in Commit commit) => Keys.Expand(commit.CommandKeyPlace);

    /// <summary>How many events commit <paramref name="index"/> has: its items run up to the next commit's first (the
    /// arena appends a commit's items, then the commit, so they are consecutive), or, for the last commit, up to where
    /// the commit being appended starts. A commit keeps no count of its own.</summary>
    public int CountOf(int index) => (index + 1 < _commitCount ? CommitAt(index + 1).First : _commitStart) - CommitAt(index).First;

    /// <summary>Appends a compact event of case <paramref name="caseNumber"/> to the commit being appended (see
    /// <see cref="AddCommit"/>) and returns its index. Two kinds of event, most of what a case keeps that is not a shared
    /// instance, are kept without an object of their own (every collection marks and promotes what the store keeps
    /// object by object): an approval without an opinion as its task id (its shared <see cref="TaskRun"/> when the engine
    /// wrote it, else the string); a task the engine opened on a plan's seat (the plan's shared part, which names its
    /// step; no assignee, no successors, its id the case's next task number) as the seat's shared template, its number
    /// from the commit's first one. Parts made per event (JSON, a deadline's reassignment) name no step and are kept as
    /// given, so they never fill the bounded template table. A transfer without a reason that is its commit's first event
    /// (every 转办 the engine commits) as the string it names the new holder with, its task's number in the commit
    /// (<see cref="Commit.FirstTask"/> −2 − n: such a commit keeps no template). A submission without form values,
    /// materials or parent that is its commit's first event (every case the engine files without them) as its applicant's
    /// string (which the case's row keeps anyway), the other parts from a shared template of the same parts
    /// (<see cref="Commit.FirstTask"/> from <see cref="SubmissionBase"/>: such a commit keeps no template of opened tasks
    /// either). <see cref="Item"/> rebuilds equal events.</summary>
    public int AddEvent(Events.CaseEvent e, string caseNumber)
    {
        if (e is Events.TaskApproved { Opinion: null, TaskId: { } taskId }) return AddItem(TaskRun.Of(caseNumber, taskId) ?? (object)taskId);
        if (e is Events.TaskTransferred { Reason: null, To: { } to, TaskId: { } transferred } && _itemCount == _commitStart
            && TaskRun.NumberOf(transferred, caseNumber) is var task and >= 0 and <= MaxTransferTask)
        {
            _transferTask = (int)task;
            return AddItem(to);
        }
        if (e is Events.CaseSubmitted { ParentCase: null, ParentNode: -1, ParentToken: 0, Applicant: { } applicant, Form.Count: 0, Materials.Count: 0 } submitted
            && _itemCount == _commitStart && SubmissionOf(submitted) is var submission and >= 0)
        {
            _submission = submission;
            return AddItem(applicant);
        }
        if (e is Events.TaskOpened { Assignee: null, Then: null, SeatPart: { StepId: not null, IsShared: true } part } opened && TaskRun.NumberOf(opened.TaskId, caseNumber) is var number and >= 0
            && _transferTask < 0 && _submission < 0 && (_firstTask < 0 || number == (long)_firstTask + _templateCount))
        {
            var key = new TemplateKey(part, opened.Node, opened.Seat);
            if (_templates.TryGetValue(key, out var template) || (_templates.Count < MaxTemplates && _templates.TryAdd(key, template = new OpenedTask(part, opened.Node, opened.Seat))))
            {
                if (_firstTask < 0) _firstTask = (int)number;
                _templateCount++;
                return AddItem(template!);
            }
        }
        return AddItem(e);
    }

    /// <summary>The number of the shared template with <paramref name="submitted"/>'s parts but its applicant (added when
    /// new), or −1 when the templates are full.</summary>
    private int SubmissionOf(Events.CaseSubmitted submitted)
    {
        var key = new SubmissionKey(submitted);
        if (_lastSubmission >= 0 && key.Equals(new SubmissionKey(_submissions[_lastSubmission]))) return _lastSubmission;
        if (!_submissionNumbers.TryGetValue(key, out var number))
        {
            if (_submissions.Count == MaxSubmissions) return -1;
            number = _submissions.Count;
            _submissions.Add(submitted);
            _submissionNumbers.Add(key, number);
        }
        return _lastSubmission = number;
    }

    /// <summary>Appends a record kept as given and returns its index.</summary>
    public int AddRecord(EventRecord record) => AddItem(record);

    private int AddItem(object item)
    {
        var chunk = _itemCount / ItemChunk;
        if (chunk == _items.Count) _items.Add(new object[ItemChunk]);
        _items[chunk][_itemCount % ItemChunk] = item;
        return _itemCount++;
    }

    /// <summary>The event at <paramref name="index"/> of commit <paramref name="commit"/> of case
    /// <paramref name="caseNumber"/>: a <see cref="EventRecord"/> kept as given, or a compact
    /// <see cref="Events.CaseEvent"/> (rebuilt when kept without its object, see <see cref="AddEvent"/>).</summary>
    public object Item(int index, int commit, string caseNumber)
    {
        var item = RawItem(index);
        if (item is TaskRun run) return new Events.TaskApproved(run.IdAt(caseNumber, 0), null);
        if (item is string text)
        {
            // A commit whose first item is a compact submission or transfer says so in its FirstTask (see AddEvent).
            ref readonly var first = ref CommitAt(commit);
            if (index == first.First && first.FirstTask < SubmissionBase + MaxSubmissions)
                return _submissions[first.FirstTask - SubmissionBase] with { Applicant = text };
            if (index == first.First && first.FirstTask <= -2)
                return new Events.TaskTransferred(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{caseNumber}/{-2L - first.FirstTask}"), text, null);
            return new Events.TaskApproved(text, null);
        }
        if (item is not OpenedTask template) return item;
        // The k-th template of its commit opened task number first + k.
        ref readonly var c = ref CommitAt(commit);
        var number = (long)c.FirstTask;
        for (var i = c.First; i < index; i++)
        {
            if (RawItem(i) is OpenedTask) number++;
        }
        var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{caseNumber}/{number}");
        return new Events.TaskOpened(id, template.Node, template.Seat, template.Part, null, null);
    }

    /// <summary>The object kept at <paramref name="index"/> (a task id or its <see cref="TaskRun"/> stands for an approval
    /// without opinion).</summary>
    public object RawItem(int index) => _items[index / ItemChunk][index % ItemChunk];

    /// <summary>Starts appending a commit's items: drops any item a failed append left after the last commit (a commit's
    /// items run up to the next commit's first, see <see cref="CountOf"/>, so none may sit between them).</summary>
    public void BeginCommit()
    {
        if (_itemCount == _commitStart) return;
        for (var i = _commitStart; i < _itemCount; i++) _items[i / ItemChunk][i % ItemChunk] = null!;
        _itemCount = _commitStart;
        _firstTask = -1;
        _templateCount = 0;
        _transferTask = -1;
        _submission = -1;
    }

    /// <summary>Appends a commit whose items are those appended since <see cref="BeginCommit"/> (at least one, from
    /// <see cref="Commit.First"/>), with its key's place <paramref name="commandKey"/>, and returns its index.</summary>
    public int AddCommit(in Commit commit, TextRef commandKey)
    {
        if (_itemCount == _commitStart || commit.First != _commitStart) throw new InvalidOperationException("A commit's events are the items appended since the last commit.");
        var firstTask = _transferTask >= 0 ? -2 - _transferTask : _submission >= 0 ? SubmissionBase + _submission : _firstTask;
        _firstTask = -1;
        _templateCount = 0;
        _transferTask = -1;
        _submission = -1;
        var chunk = _commitCount / CommitChunk;
        if (chunk == _commits.Count) _commits.Add(new Commit[CommitChunk]);
        ref var kept = ref _commits[chunk][_commitCount % CommitChunk];
        kept = commit;
        kept.FirstTask = firstTask;
        kept.CommandKeyPlace = Keys.Compact(commandKey);
        _commitStart = _itemCount;
        return _commitCount++;
    }

    /// <summary>The commit at <paramref name="index"/>.</summary>
    public ref readonly Commit CommitAt(int index) => ref _commits[index / CommitChunk][index % CommitChunk];

    /// <summary>Records that the commit at <paramref name="index"/> wrote the <paramref name="count"/> outbox slots from
    /// <paramref name="start"/> (its rows, whose ids the store indexes by this range).</summary>
    public void SetOutbox(int index, long start, int count) => _commits[index / CommitChunk][index % CommitChunk].SetOutbox(start, count);

    /// <summary>Records the result the commit at <paramref name="index"/> keeps for its command key.</summary>
    public void SetResult(int index, in KeptCommand result) => _commits[index / CommitChunk][index % CommitChunk].Result = result;

    /// <summary>One commit of a case: its events are the items from <see cref="First"/> (appended together under the
    /// store's lock; how many, <see cref="CountOf"/> finds from the next commit), compact ones sharing <see cref="At"/>,
    /// <see cref="Actor"/> and the command key (its text in <see cref="Keys"/>, its place in four bytes, read with
    /// <see cref="CommandKeyOf"/>: the commit keeps no key string); <see cref="Previous"/> is the
    /// case's commit before it (−1 for its first). An engine commit's outbox rows sit in the <see cref="OutboxCount"/>
    /// slots of the store's outbox from <see cref="OutboxStart"/> (their ids are <c>case:first:k</c>, found by this
    /// range instead of a table entry per message: the store records a range only when it fits, see
    /// <see cref="FitsOutbox"/>). An engine commit keeps its command's <see cref="Result"/> (the idempotency table names
    /// the commit for its key). 64 bytes (72 with a count and an 8-byte key place before session 33): the time as its UTC
    /// ticks and offset, the range as an int and a ushort.</summary>
    internal struct Commit
    {
        private readonly long _utcTicks;
        private int _outboxStart;
        private ushort _outboxCount;
        private readonly short _offsetMinutes;

        public Commit(DateTimeOffset at, string? actor, int first, int previous)
        {
            _utcTicks = at.UtcTicks;
            _offsetMinutes = PackedInstant.OffsetMinutes(at);
            Actor = actor;
            First = first;
            Previous = previous;
            FirstTask = -1;
        }

        /// <summary>The commit's time, as given (the same instant and offset).</summary>
        public readonly DateTimeOffset At => PackedInstant.Unpack(_utcTicks, _offsetMinutes);
        public string? Actor { get; }
        /// <summary>The command key's place (<see cref="KeyText.Compact"/>; set by <see cref="AddCommit"/>).</summary>
        public int CommandKeyPlace { readonly get; set; }
        public int First { get; }
        public int Previous { get; }

        /// <summary>The task number of the commit's first opened-task template (see AddEvent; −1 for none), −2 − n when
        /// its first item is a compact transfer of task n, or <see cref="SubmissionBase"/> + t when it is a compact
        /// submission rebuilt with template t.</summary>
        public int FirstTask { readonly get; set; }

        /// <summary>The result kept for the commit's command key when the idempotency table names this commit (none otherwise).</summary>
        public KeptCommand Result { readonly get; set; }

        public readonly long OutboxStart => _outboxStart;
        public readonly int OutboxCount => _outboxCount;

        /// <summary>True when a commit can record <paramref name="count"/> outbox rows from slot <paramref name="start"/>.</summary>
        public static bool FitsOutbox(long start, int count) => count <= ushort.MaxValue && start + count <= int.MaxValue;

        /// <summary>This commit with its outbox range (which must fit, see <see cref="FitsOutbox"/>).</summary>
        public readonly Commit WithOutbox(long start, int count)
        {
            var commit = this;
            commit.SetOutbox(start, count);
            return commit;
        }

        /// <summary>Records the commit's outbox range (which must fit, see <see cref="FitsOutbox"/>).</summary>
        public void SetOutbox(long start, int count)
        {
            _outboxStart = checked((int)start);
            _outboxCount = checked((ushort)count);
        }
    }

    /// <summary>What the engine's opened tasks on one plan seat share (see <see cref="AddEvent"/>): the event without its id.</summary>
    private sealed class OpenedTask(SeatColumns part, int node, int seat)
    {
        public SeatColumns Part { get; } = part;
        public int Node { get; } = node;
        public int Seat { get; } = seat;
    }

    /// <summary>A submission template's key: the parts of <see cref="Events.CaseSubmitted"/> but its applicant, the
    /// strings and collections by reference (the plan's and the engine's shared empty ones, the same for every case the
    /// engine files on a plan), so a rebuilt event is record-equal to the one given.</summary>
    private readonly struct SubmissionKey(Events.CaseSubmitted e) : IEquatable<SubmissionKey>
    {
        private readonly Events.CaseSubmitted _e = e;

        public bool Equals(SubmissionKey other) =>
            ReferenceEquals(_e.ItemCode, other._e.ItemCode) && _e.ItemVersion == other._e.ItemVersion && ReferenceEquals(_e.ContentHash, other._e.ContentHash)
            && ReferenceEquals(_e.Department, other._e.Department) && _e.Kind == other._e.Kind && ReferenceEquals(_e.Form, other._e.Form)
            && ReferenceEquals(_e.Materials, other._e.Materials) && _e.Nodes == other._e.Nodes;

        public override bool Equals(object? obj) => obj is SubmissionKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_e.ItemCode),
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_e.ContentHash), _e.ItemVersion, _e.Nodes,
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_e.Form), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_e.Materials));
    }

    /// <summary>A template's key: the seat part by reference (the plan's, the same object for every case of its plan).</summary>
    private readonly record struct TemplateKey(SeatColumns Part, int Node, int Seat)
    {
        public bool Equals(TemplateKey other) => ReferenceEquals(Part, other.Part) && Node == other.Node && Seat == other.Seat;

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Part), Node, Seat);
    }
}
