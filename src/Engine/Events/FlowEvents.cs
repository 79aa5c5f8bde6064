using System.Text.Json.Serialization;

namespace OneStop.Engine.Events;

/// <summary>A flow node started. For a choose block <see cref="Branch"/> is the chosen branch
/// (branches count from 0; the otherwise branch is the last; -1 when nothing runs).</summary>
internal sealed record NodeStarted(int Node, int Branch = -1) : CaseEvent
{
    public const string Name = "flow.node-started.v1";
    [JsonIgnore] public override string TypeName => Name;

    // Events are immutable values, so the common ones are shared: a case raises one per node it runs, and the
    // in-memory store keeps every event, so an object per occurrence was retained for nothing.
    private static readonly NodeStarted[] Shared = [.. Enumerable.Range(0, 64).Select(n => new NodeStarted(n))];

    /// <summary>The event for <paramref name="node"/> and <paramref name="branch"/>: a shared instance when it can be.</summary>
    public static NodeStarted Of(int node, int branch = -1) =>
        branch == -1 && (uint)node < (uint)Shared.Length ? Shared[node] : new NodeStarted(node, branch);
}

/// <summary>A flow node finished (approved, denied, skipped or cancelled). <see cref="Advisory"/> marks an
/// advisory denial that passed.</summary>
internal sealed record NodeCompleted(int Node, Flow.NodeStatus Status, bool Advisory = false) : CaseEvent
{
    public const string Name = "flow.node-completed.v1";
    [JsonIgnore] public override string TypeName => Name;

    private const int SharedNodes = 64;
    private static readonly int Statuses = Enum.GetValues<Flow.NodeStatus>().Length;
    // Shared like NodeStarted's: immutable, raised once per node of every case.
    private static readonly NodeCompleted[] Shared =
        [.. Enumerable.Range(0, SharedNodes * Statuses).Select(i => new NodeCompleted(i / Statuses, (Flow.NodeStatus)(i % Statuses)))];

    /// <summary>The event for <paramref name="node"/>: a shared instance when it can be.</summary>
    public static NodeCompleted Of(int node, Flow.NodeStatus status, bool advisory = false) =>
        !advisory && (uint)node < SharedNodes && (uint)status < (uint)Statuses ? Shared[node * Statuses + (int)status] : new NodeCompleted(node, status, advisory);
}

/// <summary>A task opened for a seat of a step.</summary>
/// <remarks>Role and department sit in one part, which the engine's events for a plan's seat share (see
/// <see cref="SeatColumns"/>; 8 bytes fewer per event, every one of which the log keeps); they compare by value, and the
/// payload is the positional record's, property for property.</remarks>
internal sealed record TaskOpened : CaseEvent
{
    public const string Name = "task.opened.v1";
    private RoleAndDepartment _seat;

    /// <summary>The event, as the positional record took it (JSON reads it through this constructor).</summary>
    public TaskOpened(string TaskId, int Node, int Seat, string? Role, string? Department, string? Assignee, List<string>? Then)
        : this(TaskId, Node, Seat, new SeatColumns(null, Role, Department), Assignee, Then)
    {
    }

    /// <summary>The engine's event, with its seat's shared role and department.</summary>
    internal TaskOpened(string taskId, int node, int seat, SeatColumns seatColumns, string? assignee, List<string>? then)
    {
        TaskId = taskId;
        Node = node;
        Seat = seat;
        _seat = new RoleAndDepartment(seatColumns);
        Assignee = assignee;
        Then = then;
    }

    [JsonIgnore] public override string TypeName => Name;

    /// <summary>The seat's role and department as the part the event was built with (the plan's shared one for the
    /// engine's events; null only in an instance built without a constructor).</summary>
    [JsonIgnore] internal SeatColumns? SeatPart => _seat.Columns;

    public string TaskId { get; init; }
    public int Node { get; init; }
    public int Seat { get; init; }
    public string? Role { get => _seat.Columns?.Role; init => _seat = new RoleAndDepartment(new SeatColumns(null, value, Department)); }
    public string? Department { get => _seat.Columns?.Department; init => _seat = new RoleAndDepartment(new SeatColumns(null, Role, value)); }
    public string? Assignee { get; init; }
    public List<string>? Then { get; init; }

    public void Deconstruct(out string TaskId, out int Node, out int Seat, out string? Role, out string? Department, out string? Assignee, out List<string>? Then)
    {
        TaskId = this.TaskId;
        Node = this.Node;
        Seat = this.Seat;
        Role = this.Role;
        Department = this.Department;
        Assignee = this.Assignee;
        Then = this.Then;
    }

    // Compares the role and department alone (a shared part also names its step, which the event does not carry).
    private readonly struct RoleAndDepartment(SeatColumns columns) : IEquatable<RoleAndDepartment>
    {
        // Null only in an instance built without a constructor (as some tests build defaults).
        public SeatColumns? Columns => columns;

        public bool Equals(RoleAndDepartment other) =>
            string.Equals(columns?.Role, other.Columns?.Role, StringComparison.Ordinal) && string.Equals(columns?.Department, other.Columns?.Department, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is RoleAndDepartment other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(columns?.Role, columns?.Department);
    }
}

/// <summary>签收.</summary>
internal sealed record TaskClaimed(string TaskId) : CaseEvent
{
    public const string Name = "task.claimed.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>同意. The seat counts as approved unless further signers follow.</summary>
internal sealed record TaskApproved(string TaskId, string? Opinion) : CaseEvent
{
    public const string Name = "task.approved.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>不同意.</summary>
internal sealed record TaskDenied(string TaskId, string Reason) : CaseEvent
{
    public const string Name = "task.denied.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>弃权.</summary>
internal sealed record TaskAbstained(string TaskId, string? Opinion) : CaseEvent
{
    public const string Name = "task.abstained.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>转办.</summary>
internal sealed record TaskTransferred(string TaskId, string To, string? Reason) : CaseEvent
{
    public const string Name = "task.transferred.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>加签: before (the signer signs first, then the task's holder again) or after.</summary>
internal sealed record SignerAdded(string TaskId, string Signer, bool Before) : CaseEvent
{
    public const string Name = "task.signer-added.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>意见.</summary>
internal sealed record TaskCommented(string TaskId, string Text) : CaseEvent
{
    public const string Name = "task.commented.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>Open tasks closed without an action (veto, join, return, decision, withdrawal …).</summary>
internal sealed record TasksCancelled(List<string> TaskIds, string Reason) : CaseEvent
{
    public const string Name = "task.cancelled.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>退回: nodes from <see cref="FromNode"/> to the end of <see cref="Sequence"/>'s reset; the flow resumes at <see cref="Target"/>.</summary>
internal sealed record CaseReturned(string TaskId, string Target, int Sequence, int FromNode, string Reason) : CaseEvent
{
    public const string Name = "flow.returned.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>A service step called its host handler (through the outbox).</summary>
internal sealed record ServiceRequested(int Node, string Handler) : CaseEvent
{
    public const string Name = "service.requested.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>A service step's handler answered.</summary>
internal sealed record ServiceCompleted(int Node, bool Approved, string? Message) : CaseEvent
{
    public const string Name = "service.completed.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>A subcase step asked for a child case (through the outbox).</summary>
internal sealed record SubcaseRequested(int Node, string ItemCode, int? ItemVersion) : CaseEvent
{
    public const string Name = "subcase.requested.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>The child case reached its decision.</summary>
internal sealed record SubcaseCompleted(int Node, string ChildCase, CaseOutcome Outcome) : CaseEvent
{
    public const string Name = "subcase.completed.v1";
    [JsonIgnore] public override string TypeName => Name;
}
