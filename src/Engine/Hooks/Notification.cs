using OneStop.Definitions.Flow;

namespace OneStop.Engine;

/// <summary>A notice for an applicant or staff member. Fields not relevant to <see cref="Kind"/> are null.</summary>
public sealed record Notification
{
    // The fields only some kinds carry sit in one shared object, null when all are null: a task-assigned notice (most of
    // them) is 40 bytes smaller, and the outbox keeps every undelivered notice. Rare is a record, so equality, hashing
    // and with-copies behave as with plain fields (an init replaces the object, never changes it).
    private Rare? _rare;
    // The case columns every notice repeats, shared by a case's notices (see NoticeCase), and a task notice's step,
    // role and department, shared per approver seat (see SeatColumns; null when all three are null): a notice is 40
    // bytes smaller. Both compare by value, so equality and hashing behave as with plain fields.
    private NoticeCase _case = NoticeCase.Blank;
    private SeatColumns? _step;
    // Kind and time in 16 bytes (the time as UTC ticks and offset minutes), where the two fields took 24; compared by
    // kind and instant, as the fields compared.
    private KindAndTime _kindAt;

    /// <summary>An empty notice, for object initializers.</summary>
    public Notification()
    {
    }

    /// <summary>A notice with the engine's shared parts (see <see cref="NoticeCase"/>, <see cref="SeatColumns"/>).</summary>
    // The required case and item code are the shared part's (the compiler cannot see through the accessors).
#pragma warning disable CS8618
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    internal Notification(NotificationKind kind, NoticeCase caseColumns, DateTimeOffset at, string? taskId = null, SeatColumns? step = null, string? assignee = null)
    {
        _kindAt = new KindAndTime(kind, at);
        _case = caseColumns;
        TaskId = taskId;
        _step = step;
        Assignee = assignee;
    }
#pragma warning restore CS8618

    /// <summary>What it is about.</summary>
    public required NotificationKind Kind { get => _kindAt.Kind; init => _kindAt = new KindAndTime(value, _kindAt.At); }
    /// <summary>The case.</summary>
    public required string CaseNumber { get => _case.CaseNumber; init => (_case = NoticeCase.Owned(_case, this)).CaseNumber = value; }
    /// <summary>The item code.</summary>
    public required string ItemCode { get => _case.ItemCode; init => (_case = NoticeCase.Owned(_case, this)).ItemCode = value; }
    /// <summary>The item name.</summary>
    public string? ItemName { get => _case.ItemName; init => (_case = NoticeCase.Owned(_case, this)).ItemName = value; }
    /// <summary>The applicant.</summary>
    public string? Applicant { get => _case.Applicant; init => (_case = NoticeCase.Owned(_case, this)).Applicant = value; }
    /// <summary>Commit time.</summary>
    public DateTimeOffset At { get => _kindAt.At; init => _kindAt = new KindAndTime(_kindAt.Kind, value); }
    /// <summary>Correction notice: every missing or defective material.</summary>
    public IReadOnlyList<CorrectionItem>? Items { get => _rare?.Items; init => _rare = Rare.Of((_rare ?? Rare.None) with { Items = value }); }
    /// <summary>Refusal, denial, extension, suspension or closure reason.</summary>
    public string? Reason { get => _rare?.Reason; init => _rare = Rare.Of((_rare ?? Rare.None) with { Reason = value }); }
    /// <summary>Decision.</summary>
    public CaseOutcome? Outcome { get => _rare?.Outcome; init => _rare = Rare.Of((_rare ?? Rare.None) with { Outcome = value }); }
    /// <summary>Special procedure.</summary>
    public SpecialProcedureKind? Procedure { get => _rare?.Procedure; init => _rare = Rare.Of((_rare ?? Rare.None) with { Procedure = value }); }
    /// <summary>True when a special procedure ended (false when it started).</summary>
    public bool? Ended { get => _rare?.Ended; init => _rare = Rare.Of((_rare ?? Rare.None) with { Ended = value }); }
    /// <summary>Task assigned: the task.</summary>
    public string? TaskId { get; init; }
    /// <summary>Task assigned: the step.</summary>
    public string? StepId { get => _step?.StepId; init { if (value is not null || _step is not null) Step.StepId = value; } }
    /// <summary>Task assigned: the role.</summary>
    public string? Role { get => _step?.Role; init { if (value is not null || _step is not null) Step.Role = value; } }
    /// <summary>Task assigned: the department.</summary>
    public string? Department { get => _step?.Department; init { if (value is not null || _step is not null) Step.Department = value; } }
    /// <summary>Task assigned: the person.</summary>
    public string? Assignee { get; init; }
    /// <summary>容缺受理: materials still due.</summary>
    public IReadOnlyList<string>? PendingMaterials { get => _rare?.PendingMaterials; init => _rare = Rare.Of((_rare ?? Rare.None) with { PendingMaterials = value }); }
    /// <summary>容缺受理: the date they are promised by.</summary>
    public DateOnly? PromisedBy { get => _rare?.PromisedBy; init => _rare = Rare.Of((_rare ?? Rare.None) with { PromisedBy = value }); }

    /// <summary>The parts of a notice a store can keep instead of the notice (see <see cref="FromParts"/>): true when
    /// its time is <paramref name="at"/> (the same instant and offset) and every part is shared (the engine's: the
    /// case's columns, the plan seat's step, no extras or an outcome alone), so keeping the parts keeps no object of
    /// this notice's own.</summary>
    internal bool TryGetSharedParts(DateTimeOffset at, out NoticeCase caseColumns, out SeatColumns? step, out object? extras)
    {
        caseColumns = _case;
        step = _step;
        extras = _rare;
        var when = _kindAt.At;
        return when.UtcTicks == at.UtcTicks && when.Offset == at.Offset && caseColumns.IsShared && (step is null || step.IsShared)
            && (_rare is null || Rare.IsShared(_rare));
    }

    /// <summary>A notice equal to the one <see cref="TryGetSharedParts"/> took apart (same fields, same JSON).</summary>
    internal static Notification FromParts(NotificationKind kind, NoticeCase caseColumns, DateTimeOffset at, string? taskId, SeatColumns? step,
        string? assignee, object? extras) =>
        new(kind, caseColumns, at, taskId, step, assignee) { _rare = (Rare?)extras };

    /// <summary>The extras of a notice that carries <paramref name="outcome"/> alone (shared), or none for null: as
    /// <see cref="Extras"/> sets them for those fields.</summary>
    internal static object? OutcomeExtras(CaseOutcome? outcome) => outcome is { } o ? Rare.OfOutcome(o) : null;

    /// <summary>True when <paramref name="extras"/> (from <see cref="TryGetSharedParts"/> or <see cref="OutcomeExtras"/>) is
    /// none or a shared object.</summary>
    internal static bool AreSharedExtras(object? extras) => extras is null || (extras is Rare rare && Rare.IsShared(rare));

    // The step part this notice fills while its init accessors run (none is made for a null: all-null stays null).
    private SeatColumns Step => _step = SeatColumns.Owned(_step, this);

    /// <summary>Sets the fields only some kinds carry at once (one object, or none when all are null).</summary>
    internal (string? Reason, CaseOutcome? Outcome, SpecialProcedureKind? Procedure, bool? Ended, IReadOnlyList<CorrectionItem>? Items,
        IReadOnlyList<string>? PendingMaterials, DateOnly? PromisedBy) Extras
    {
        init => _rare = value is (null, null, null, null, null, null, null) ? null
            : value is (null, { } outcome, null, null, null, null, null) ? Rare.OfOutcome(outcome)
            : new Rare
        {
            Reason = value.Reason, Outcome = value.Outcome, Procedure = value.Procedure, Ended = value.Ended, Items = value.Items,
            PendingMaterials = value.PendingMaterials, PromisedBy = value.PromisedBy,
        };
    }

    private sealed record Rare
    {
        public static readonly Rare None = new();
        public IReadOnlyList<CorrectionItem>? Items { get; init; }
        public string? Reason { get; init; }
        public CaseOutcome? Outcome { get; init; }
        public SpecialProcedureKind? Procedure { get; init; }
        public bool? Ended { get; init; }
        public IReadOnlyList<string>? PendingMaterials { get; init; }
        public DateOnly? PromisedBy { get; init; }

        // A decision notice carries its outcome alone: one shared object per outcome (immutable, and the outbox keeps
        // every undelivered notice).
        private static readonly Rare[] Outcomes = [.. Enum.GetValues<CaseOutcome>().Select(o => new Rare { Outcome = o })];

        /// <summary>The fields of a notice that carries <paramref name="outcome"/> alone.</summary>
        public static Rare OfOutcome(CaseOutcome outcome) =>
            (uint)outcome < (uint)Outcomes.Length && Outcomes[(int)outcome].Outcome == outcome ? Outcomes[(int)outcome] : new Rare { Outcome = outcome };

        /// <summary>True for a shared object (<see cref="OfOutcome"/>), which never changes.</summary>
        public static bool IsShared(Rare rare) =>
            rare.Outcome is { } outcome && (uint)outcome < (uint)Outcomes.Length && ReferenceEquals(Outcomes[(int)outcome], rare);

        /// <summary>Null for all-null fields, so that equal notices compare equal however they were built.</summary>
        public static Rare? Of(Rare rare) => rare == None ? null : rare;
    }

    private readonly struct KindAndTime : IEquatable<KindAndTime>
    {
        private readonly long _utcTicks;
        private readonly NotificationKind _kind;
        private readonly short _offsetMinutes;

        public KindAndTime(NotificationKind kind, DateTimeOffset at)
        {
            _kind = kind;
            _utcTicks = at.UtcTicks;
            _offsetMinutes = PackedInstant.OffsetMinutes(at);
        }

        public NotificationKind Kind => _kind;

        public DateTimeOffset At => PackedInstant.Unpack(_utcTicks, _offsetMinutes);

        // By kind and instant (the offset aside), as the DateTimeOffset field compared.
        public bool Equals(KindAndTime other) => _kind == other._kind && _utcTicks == other._utcTicks;

        public override bool Equals(object? obj) => obj is KindAndTime other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(_kind, _utcTicks);
    }
}
