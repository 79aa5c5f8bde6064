using OneStop.Definitions.Flow;

namespace OneStop.Engine;

/// <summary>A notice for an applicant or staff member. Fields not relevant to <see cref="Kind"/> are null.</summary>
public sealed record Notification
{
    // The fields only some kinds carry sit in one shared object, null when all are null: a task-assigned notice (most of
    // them) is 40 bytes smaller, and the outbox keeps every undelivered notice. Rare is a record, so equality, hashing
    // and with-copies behave as with plain fields (an init replaces the object, never changes it).
    private Rare? _rare;

    /// <summary>What it is about.</summary>
    public required NotificationKind Kind { get; init; }
    /// <summary>The case.</summary>
    public required string CaseNumber { get; init; }
    /// <summary>The item code.</summary>
    public required string ItemCode { get; init; }
    /// <summary>The item name.</summary>
    public string? ItemName { get; init; }
    /// <summary>The applicant.</summary>
    public string? Applicant { get; init; }
    /// <summary>Commit time.</summary>
    public DateTimeOffset At { get; init; }
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
    public string? StepId { get; init; }
    /// <summary>Task assigned: the role.</summary>
    public string? Role { get; init; }
    /// <summary>Task assigned: the department.</summary>
    public string? Department { get; init; }
    /// <summary>Task assigned: the person.</summary>
    public string? Assignee { get; init; }
    /// <summary>容缺受理: materials still due.</summary>
    public IReadOnlyList<string>? PendingMaterials { get => _rare?.PendingMaterials; init => _rare = Rare.Of((_rare ?? Rare.None) with { PendingMaterials = value }); }
    /// <summary>容缺受理: the date they are promised by.</summary>
    public DateOnly? PromisedBy { get => _rare?.PromisedBy; init => _rare = Rare.Of((_rare ?? Rare.None) with { PromisedBy = value }); }

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

        /// <summary>Null for all-null fields, so that equal notices compare equal however they were built.</summary>
        public static Rare? Of(Rare rare) => rare == None ? null : rare;
    }
}
