using System.Text.Json.Serialization;
using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Events;

/// <summary>收件: the case was filed.</summary>
internal sealed record CaseSubmitted(
    string ItemCode, int ItemVersion, string ContentHash, string Department, ItemKind Kind, string Applicant,
    Dictionary<string, string> Form, List<string> Materials, int Nodes,
    string? ParentCase = null, int ParentNode = -1, long ParentToken = 0) : CaseEvent
{
    public const string Name = "case.submitted.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>One missing or defective material in a correction notice.</summary>
internal sealed record CorrectionEntry(string Material, string? Problem);

/// <summary>补正: one notice listing everything; <see cref="Repeated"/> marks a second notice for supervision.</summary>
internal sealed record CorrectionRequested(List<CorrectionEntry> Items, bool Repeated, string? RepeatReason) : CaseEvent
{
    public const string Name = "case.correction-requested.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>The applicant resubmitted after a correction notice.</summary>
internal sealed record CaseResubmitted(Dictionary<string, string>? Form, List<string> Materials) : CaseEvent
{
    public const string Name = "case.resubmitted.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>受理 (with <see cref="PendingMaterials"/>: 容缺受理).</summary>
internal sealed record CaseAccepted(List<string>? PendingMaterials = null, DateOnly? PromisedBy = null, bool Immediate = false) : CaseEvent
{
    public const string Name = "case.accepted.v1";
    [JsonIgnore] public override string TypeName => Name;

    /// <summary>A plain acceptance, shared (immutable, like <see cref="NodeStarted"/>'s shared events: the in-memory
    /// store keeps every event).</summary>
    public static readonly CaseAccepted Plain = new();
}

/// <summary>不予受理.</summary>
internal sealed record CaseRejected(string Reason) : CaseEvent
{
    public const string Name = "case.rejected.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>Promised materials handed in.</summary>
internal sealed record MaterialsSupplied(List<string> Materials) : CaseEvent
{
    public const string Name = "case.materials-supplied.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>特别程序 started.</summary>
internal sealed record CaseSuspended(SpecialProcedureKind Procedure, string Reason) : CaseEvent
{
    public const string Name = "case.suspended.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>特别程序 ended.</summary>
internal sealed record CaseResumed(string? Note) : CaseEvent
{
    public const string Name = "case.resumed.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>延期 (once).</summary>
internal sealed record CaseExtended(string Reason, string Approver, [property: JsonConverter(typeof(TimeAmountJsonConverter))] TimeAmount Amount) : CaseEvent
{
    public const string Name = "case.extended.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>The decision. <see cref="ByFlow"/> when the flow decided; <see cref="TasksIncomplete"/> when an
/// explicit decision closed open tasks (supervision flags it).</summary>
internal sealed record CaseDecided(CaseOutcome Outcome, string? Reason, bool ByFlow, bool TasksIncomplete) : CaseEvent
{
    public const string Name = "case.decided.v1";
    [JsonIgnore] public override string TypeName => Name;

    // The flow's decisions carry nothing but the outcome: shared, like the plain acceptance.
    private static readonly CaseDecided[] ByFlowShared = [.. Enum.GetValues<CaseOutcome>().Select(o => new CaseDecided(o, null, ByFlow: true, TasksIncomplete: false))];

    /// <summary>The flow's decision <paramref name="outcome"/> (no reason, no open tasks): a shared instance when it can be.</summary>
    public static CaseDecided OfFlow(CaseOutcome outcome) =>
        (uint)outcome < (uint)ByFlowShared.Length && ByFlowShared[(int)outcome].Outcome == outcome
            ? ByFlowShared[(int)outcome]
            : new CaseDecided(outcome, null, ByFlow: true, TasksIncomplete: false);
}

/// <summary>送达/发证; the case is concluded. <see cref="Fee"/> is the fee charged, when one was recorded.</summary>
internal sealed record CaseDelivered(string? Method, string? Certificate, decimal? Fee = null) : CaseEvent
{
    public const string Name = "case.delivered.v1";
    [JsonIgnore] public override string TypeName => Name;

    private static readonly CaseDelivered Bare = new(null, null);

    /// <summary>The delivery event: a shared instance when it carries no method, certificate or fee.</summary>
    public static CaseDelivered Of(string? method, string? certificate, decimal? fee) =>
        method is null && certificate is null && fee is null ? Bare : new CaseDelivered(method, certificate, fee);
}

/// <summary>撤回.</summary>
internal sealed record CaseWithdrawn(string? Reason) : CaseEvent
{
    public const string Name = "case.withdrawn.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>终止.</summary>
internal sealed record CaseTerminated(string Reason) : CaseEvent
{
    public const string Name = "case.terminated.v1";
    [JsonIgnore] public override string TypeName => Name;
}
