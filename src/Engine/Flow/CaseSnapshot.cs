using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Flow;

/// <summary>The whole state of one case: lifecycle, form, materials and the flat per-node flow state.
/// Changed only by <see cref="Events.EventApplier"/>, so replaying the log reproduces it exactly.</summary>
internal sealed class CaseSnapshot
{
    // A filed case without form values or materials shares these until its first write (FormToWrite, MaterialsToWrite):
    // most cases never write either. Never written: the only writers are EventApplier's, through those properties.
    private static readonly Dictionary<string, string> SharedNoForm = new(StringComparer.Ordinal);
    private static readonly List<string> SharedNoMaterials = [];

    /// <summary>An empty case with a form and material list of its own.</summary>
    public CaseSnapshot()
    {
        Form = new Dictionary<string, string>(StringComparer.Ordinal);
        Materials = [];
    }

    private CaseSnapshot(string caseNumber)
    {
        CaseNumber = caseNumber;
        Form = SharedNoForm;
        Materials = SharedNoMaterials;
    }

    /// <summary>A new case the engine files: its empty form and material list are the shared ones (see
    /// <see cref="FormToWrite"/>).</summary>
    public static CaseSnapshot Filing(string caseNumber) => new(caseNumber);

    /// <summary>Snapshot schema version.</summary>
    public int Schema { get; set; } = 1;
    /// <summary>Case number.</summary>
    public string CaseNumber { get; set; } = "";
    /// <summary>Pinned item code.</summary>
    public string ItemCode { get; set; } = "";
    /// <summary>Pinned item version.</summary>
    public int ItemVersion { get; set; }
    /// <summary>Pinned content hash.</summary>
    public string ContentHash { get; set; } = "";
    /// <summary>Responsible department.</summary>
    public string Department { get; set; } = "";
    /// <summary>Item kind.</summary>
    public ItemKind Kind { get; set; }
    /// <summary>Applicant.</summary>
    public string Applicant { get; set; } = "";
    /// <summary>Parent case and node when this case is a subcase.</summary>
    public string? ParentCase { get => _rare?.ParentCase; set { if (value is not null || _rare is not null) Rare.ParentCase = value; } }
    /// <summary>Parent node index when this case is a subcase.</summary>
    public int ParentNode { get => _rare?.ParentNode ?? -1; set { if (value != -1 || _rare is not null) Rare.ParentNode = value; } }
    /// <summary>Parent request token when this case is a subcase.</summary>
    public long ParentToken { get => _rare?.ParentToken ?? 0; set { if (value != 0 || _rare is not null) Rare.ParentToken = value; } }
    /// <summary>Lifecycle state.</summary>
    public CaseState State { get; set; }
    /// <summary>Decision, once made.</summary>
    public CaseOutcome? Outcome { get; set; }
    /// <summary>Events applied (the concurrency version).</summary>
    public long Version { get; set; }
    /// <summary>The version of the snapshot the store holds for this case (0: none yet). Not part of the case's state
    /// and never serialised: the loader sets it from the case row, and a commit that writes a snapshot moves it to
    /// <see cref="Version"/>, so the engine knows how far the case has moved past its last stored snapshot.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long StoredSnapshotVersion { get; set; }

    /// <summary>The open task ids the last command result listed (read-only, shared by results while the open tasks
    /// are the same ones in the same order; see <c>CaseEngine.ResultOf</c>). Not stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal Pipeline.TaskIdList? LastTaskIds { get; set; }

    /// <summary>The case columns its notices share (immutable; see <c>CommandContext.NoticeCase</c>). Not stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal NoticeCase? NoticeCase { get; set; }

    /// <summary>The plan this case ran on when the engine cached it (not stored): a command on the cached case reuses it
    /// instead of looking the definition up by its content hash (plans are immutable, one per hash).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal FlowPlan? Plan { get; set; }
    /// <summary>When submitted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>Time of the last event.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When accepted.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    /// <summary>When decided (准予 / 不予许可 / 默认许可).</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>When closed.</summary>
    public DateTimeOffset? ConcludedAt { get; set; }
    /// <summary>Form values in invariant text.</summary>
    public Dictionary<string, string> Form { get; set; }
    /// <summary>Provided material ids.</summary>
    public List<string> Materials { get; set; }

    /// <summary><see cref="Form"/> to write into: the shared empty one is replaced by one of the case's own first.</summary>
    internal Dictionary<string, string> FormToWrite => ReferenceEquals(Form, SharedNoForm) ? Form = new Dictionary<string, string>(StringComparer.Ordinal) : Form;

    /// <summary><see cref="Materials"/> to write into (see <see cref="FormToWrite"/>).</summary>
    internal List<string> MaterialsToWrite => ReferenceEquals(Materials, SharedNoMaterials) ? Materials = [] : Materials;
    /// <summary>Correction notices issued.</summary>
    public int CorrectionNotices { get => _rare?.CorrectionNotices ?? 0; set { if (value != 0 || _rare is not null) Rare.CorrectionNotices = value; } }
    /// <summary>Materials promised at 容缺受理 and not yet supplied.</summary>
    public List<string>? PendingMaterials { get => _rare?.PendingMaterials; set { if (value is not null || _rare is not null) Rare.PendingMaterials = value; } }
    /// <summary>Date the pending materials are promised by.</summary>
    public DateOnly? PendingDue { get => _rare?.PendingDue; set { if (value is not null || _rare is not null) Rare.PendingDue = value; } }
    /// <summary>Whether the one extension was used.</summary>
    public bool Extended { get => _rare?.Extended ?? false; set { if (value || _rare is not null) Rare.Extended = value; } }
    /// <summary>The special procedure in progress while suspended.</summary>
    public SpecialProcedureKind? SuspendedFor { get => _rare?.SuspendedFor; set { if (value is not null || _rare is not null) Rare.SuspendedFor = value; } }
    /// <summary>The fee charged at delivery, when one was recorded (supervision compares it with the item's fees).</summary>
    public decimal? Fee { get => _rare?.Fee; set { if (value is not null || _rare is not null) Rare.Fee = value; } }
    /// <summary>Returns so far (supervision watches repeated returns).</summary>
    public int Returns { get => _rare?.Returns ?? 0; set { if (value != 0 || _rare is not null) Rare.Returns = value; } }

    // The fields most cases never set (subcase link, corrections, pending materials, extension, suspension, fee,
    // returns) sit in one object, made on the first non-default write: a case without any is 72 bytes smaller.
    private RareFields? _rare;

    private RareFields Rare => _rare ??= new RareFields();

    private sealed class RareFields
    {
        public string? ParentCase;
        public int ParentNode = -1;
        public long ParentToken;
        public int CorrectionNotices;
        public List<string>? PendingMaterials;
        public DateOnly? PendingDue;
        public bool Extended;
        public SpecialProcedureKind? SuspendedFor;
        public decimal? Fee;
        public int Returns;

        public RareFields Copy() => (RareFields)MemberwiseClone();
    }
    /// <summary>Counter for task ids.</summary>
    public int NextTask { get; set; } = 1;
    /// <summary>Per node: status.</summary>
    public NodeStatus[] Status { get; set; } = [];
    /// <summary>Per node: sequence position, chosen branch, or current sequential seat.</summary>
    public int[] Cursor { get; set; } = [];
    /// <summary>Per node: approvals (branches of a parallel, weight of a step).</summary>
    public int[] Approve { get; set; } = [];
    /// <summary>Per node: denials.</summary>
    public int[] Deny { get; set; } = [];
    /// <summary>Per node: abstentions (vote weight).</summary>
    public int[] Abstain { get; set; } = [];
    /// <summary>Per node: bit mask of seats (or branches) that finished.</summary>
    public long[] Done { get; set; } = [];
    /// <summary>Per node: request token of a running service call or subcase (the event sequence that started it).</summary>
    public long[] Token { get; set; } = [];
    /// <summary><see cref="Deny"/> to write into: a shared all-zero array (see <see cref="ZeroArrays"/>) is replaced by a
    /// copy of its own first.</summary>
    internal int[] DenyToWrite => ZeroArrays.IsShared(Deny) ? Deny = new int[Deny.Length] : Deny;
    /// <summary><see cref="Abstain"/> to write into (see <see cref="DenyToWrite"/>).</summary>
    internal int[] AbstainToWrite => ZeroArrays.IsShared(Abstain) ? Abstain = new int[Abstain.Length] : Abstain;
    /// <summary><see cref="Token"/> to write into (see <see cref="DenyToWrite"/>).</summary>
    internal long[] TokenToWrite => ZeroArrays.IsShared(Token) ? Token = new long[Token.Length] : Token;
    /// <summary>Open tasks.</summary>
    public List<TaskState> Tasks { get; set; } = [];
    /// <summary>Statutory clocks (running, paused and stopped), maintained by the clocks extension; null before the first.</summary>
    public List<Clocks.ClockState>? Clocks { get; set; }

    /// <summary>Evaluations (好差评) and their rectifications; null before the first.</summary>
    public List<Evaluations.EvaluationState>? Evaluations { get; set; }

    // A closed case without open tasks that the engine cached shares these parts (see ShareClosedParts).
    private static readonly List<TaskState> SharedNoTasks = [];

    /// <summary>True while this case's per-node arrays (<see cref="Status"/>, <see cref="Cursor"/>, <see cref="Approve"/>,
    /// <see cref="Done"/>) and its empty <see cref="Tasks"/> are shared with other closed cases of its plan
    /// (<see cref="ShareClosedParts"/>): <see cref="Events.EventApplier"/> gives the case its own copies before its first
    /// write (<see cref="OwnParts"/>). Not part of the case's state; never serialised.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal bool SharesParts { get; private set; }

    /// <summary>For a closed case without open tasks, as the engine caches it: its per-node arrays become the ones the
    /// last closed case of <paramref name="plan"/> shares when they are equal (else its own become the plan's shared
    /// ones), and its empty task list a shared one. The cache keeps every closed case it holds until the room is wanted,
    /// and the collector marks and copies what it keeps object by object: these five objects were most of a cached
    /// closed case's (the snapshot itself is the sixth).</summary>
    internal void ShareClosedParts(FlowPlan plan)
    {
        if (SharesParts || Tasks.Count != 0) return;
        var shared = plan.ClosedParts;
        if (shared is not null && shared.Status.AsSpan().SequenceEqual(Status) && shared.Cursor.AsSpan().SequenceEqual(Cursor)
            && shared.Approve.AsSpan().SequenceEqual(Approve) && shared.Done.AsSpan().SequenceEqual(Done))
        {
            Status = shared.Status;
            Cursor = shared.Cursor;
            Approve = shared.Approve;
            Done = shared.Done;
        }
        else
        {
            // Never written again: this case (flagged below) copies them before any write of its own.
            plan.ClosedParts = new ClosedNodeArrays(Status, Cursor, Approve, Done);
        }
        Tasks = SharedNoTasks;
        SharesParts = true;
    }

    /// <summary>Gives a case that shares its closed parts (<see cref="SharesParts"/>) copies of its own; called before
    /// any write.</summary>
    internal void OwnParts()
    {
        if (!SharesParts) return;
        Status = (NodeStatus[])Status.Clone();
        Cursor = (int[])Cursor.Clone();
        Approve = (int[])Approve.Clone();
        Done = (long[])Done.Clone();
        Tasks = [];
        SharesParts = false;
    }

    /// <summary>A deep copy, so a failed command never touches a cached snapshot.</summary>
    public CaseSnapshot Clone()
    {
        var c = (CaseSnapshot)MemberwiseClone();
        // The copy's arrays and task list are its own (copied below).
        c.SharesParts = false;
        c.Form = ReferenceEquals(Form, SharedNoForm) ? Form : new Dictionary<string, string>(Form, StringComparer.Ordinal);
        c.Materials = ReferenceEquals(Materials, SharedNoMaterials) ? Materials : [.. Materials];
        // The rare fields are the copy's own (its pending materials a list of its own too).
        c._rare = _rare?.Copy();
        c.PendingMaterials = PendingMaterials is null ? null : [.. PendingMaterials];
        c.Status = (NodeStatus[])Status.Clone();
        c.Cursor = (int[])Cursor.Clone();
        c.Approve = (int[])Approve.Clone();
        // A shared all-zero array stays shared (it is copied on its first write).
        c.Deny = ZeroArrays.IsShared(Deny) ? Deny : (int[])Deny.Clone();
        c.Abstain = ZeroArrays.IsShared(Abstain) ? Abstain : (int[])Abstain.Clone();
        c.Done = (long[])Done.Clone();
        c.Token = ZeroArrays.IsShared(Token) ? Token : (long[])Token.Clone();
        var tasks = new List<TaskState>(Tasks.Count);
        foreach (var t in Tasks) tasks.Add(t.Clone());
        c.Tasks = tasks;
        c.Clocks = Clocks?.ConvertAll(k => k.Clone());
        c.Evaluations = Evaluations?.ConvertAll(e => e.Clone());
        return c;
    }

    /// <summary>Finds an open task by id.</summary>
    public TaskState? FindTask(string id)
    {
        foreach (var t in Tasks)
        {
            if (string.Equals(t.Id, id, StringComparison.Ordinal)) return t;
        }
        return null;
    }
}
